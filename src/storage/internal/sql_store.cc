// SqlStore: workers and jobs. Steps and attempts are in sql_store_steps.cc.
#include "storage/internal/sql_store.h"

#include <set>
#include <string_view>
#include <unordered_map>

#include "common/id.h"
#include "storage/internal/rows.h"

namespace stroem::storage::internal {
namespace {

// One pass over the dependency rows: a 10,000-step job has as many rows.
void AttachDependencies(const QueryResult& deps, std::vector<Step>& steps) {
  std::unordered_map<std::string_view, Step*> by_name;
  for (auto& step : steps) by_name.emplace(step.step_name, &step);
  for (const auto& row : deps.rows) {
    auto it = by_name.find(row[0].value_or(""));
    if (it != by_name.end()) it->second->depends_on.push_back(row[1].value_or(""));
  }
}

}  // namespace

SqlStore::SqlStore(std::unique_ptr<Backend> backend, const Clock& clock, StoreOptions options)
    : backend_(std::move(backend)), clock_(clock), options_(options) {}

Result<std::string> SqlStore::RegisterWorker(const std::string& name,
                                             const std::vector<std::string>& capabilities) {
  std::string id = NewUuid();
  return InTransaction<std::string>(
      *backend_, TxMode::kWrite, [&](Session& s) -> Result<std::string> {
        auto r = Run(s, Statement::kInsertWorker,
                     {id, name, EncodeStringArray(capabilities), TimeParam(clock_.Now())});
        if (!r) return tl::unexpected(r.error());
        return id;
      });
}

Result<int> SqlStore::Heartbeat(const std::string& worker_id) {
  if (!IsUuid(worker_id)) return Fail(ErrorCode::kInvalidArgument, "Invalid worker ID");
  const TimePoint now = clock_.Now();
  return InTransaction<int>(*backend_, TxMode::kWrite, [&](Session& s) -> Result<int> {
    if (auto r = Run(s, Statement::kHeartbeatWorker, {worker_id, TimeParam(now)}); !r)
      return tl::unexpected(r.error());
    auto r = Run(s, Statement::kExtendWorkerLeases,
                 {worker_id, TimeParam(now + options_.lease_duration)});
    if (!r) return tl::unexpected(r.error());
    return static_cast<int>(r->affected);
  });
}

Result<int> SqlStore::HeartbeatAttempts(const std::string& worker_id,
                                        const std::vector<std::string>& attempt_ids) {
  if (!IsUuid(worker_id)) return Fail(ErrorCode::kInvalidArgument, "Invalid worker ID");
  const TimePoint now = clock_.Now();
  return InTransaction<int>(*backend_, TxMode::kWrite, [&](Session& s) -> Result<int> {
    if (auto r = Run(s, Statement::kHeartbeatWorker, {worker_id, TimeParam(now)}); !r)
      return tl::unexpected(r.error());
    int extended = 0;
    for (const std::string& attempt : attempt_ids) {
      if (!IsUuid(attempt)) continue;
      auto r =
          Run(s, Statement::kExtendAttempt, {attempt, TimeParam(now + options_.lease_duration)});
      if (!r) return tl::unexpected(r.error());
      extended += static_cast<int>(r->affected);
    }
    return extended;
  });
}

Result<std::vector<Worker>> SqlStore::ListWorkers() {
  using Workers = std::vector<Worker>;
  return InTransaction<Workers>(*backend_, TxMode::kRead, [&](Session& s) -> Result<Workers> {
    auto r = Run(s, Statement::kListWorkers);
    if (!r) return tl::unexpected(r.error());
    Workers out;
    for (const auto& row : r->rows) {
      auto worker = WorkerFromRow(row);
      if (!worker) return tl::unexpected(worker.error());
      out.push_back(std::move(*worker));
    }
    return out;
  });
}

Result<CreatedJob> SqlStore::CreateJob(const NewJob& job) {
  if (auto valid = ValidateNewJob(job); !valid) return tl::unexpected(valid.error());
  CreatedJob created{NewUuid(), 0};
  const TimePoint now = clock_.Now();
  return InTransaction<CreatedJob>(
      *backend_, TxMode::kWrite, [&](Session& s) -> Result<CreatedJob> {
        created.steps_ready = 0;  // the body may run again after a retried transaction
        auto seq = Run(
            s, Statement::kInsertJob,
            {created.job_id, job.workspace, job.task_name, job.mode, job.input_json,
             job.source_type, OptionalText(job.source_id), TimeParam(now),
             OptionalMillis(job.timeout), job.timeout ? TimeParam(now + *job.timeout) : Param{},
             static_cast<std::int64_t>(job.steps.size())});
        if (!seq) return tl::unexpected(seq.error());
        // Two statements for all steps and edges: a round trip per row made creating a
        // 10,000-step job 20,000 round trips on PostgreSQL.
        const std::string job_seq = seq->rows.at(0).at(0).value_or("0");
        auto steps = Run(s, Statement::kInsertSteps,
                         {created.job_id, job_seq, EncodeNewSteps(job, created.steps_ready)});
        if (!steps) return tl::unexpected(steps.error());
        auto edges = Run(s, Statement::kInsertDependencies, {created.job_id, EncodeDependencies(job)});
        if (!edges) return tl::unexpected(edges.error());
        if (job.steps.empty()) {  // nothing to run: finished at once, not pending forever
          auto r = Run(s, Statement::kFinishJobIfDone, {created.job_id, TimeParam(now)});
          if (!r) return tl::unexpected(r.error());
        }
        return created;
      });
}

Result<JobWithSteps> SqlStore::GetJob(const std::string& job_id) {
  // Ids are UUIDs in PostgreSQL; anything else cannot name a job in either backend.
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  // One batch: a single round trip on PostgreSQL (the job detail API reads this a lot).
  const Call calls[] = {{Statement::kGetJob, {job_id}},
                        {Statement::kGetSteps, {job_id}},
                        {Statement::kGetDependencies, {job_id}}};
  auto results = backend_->ReadBatch(calls);
  if (!results) return tl::unexpected(results.error());
  const QueryResult& job = (*results)[0];
  if (job.rows.empty()) return Fail(ErrorCode::kNotFound, "Job not found");
  JobWithSteps out{JobFromRow(job.rows[0]), {}};
  for (const auto& row : (*results)[1].rows) out.steps.push_back(StepFromRow(row));
  AttachDependencies((*results)[2], out.steps);
  return out;
}

Result<JobWithSteps> SqlStore::GetJobSteps(const std::string& job_id,
                                           const std::vector<std::string>& step_names) {
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  // One batch, like GetJob: every claim reads this, and on PostgreSQL a transaction of
  // its own cost three round trips on the dispatch path.
  std::vector<Call> calls = {{Statement::kGetJob, {job_id}}};
  if (!step_names.empty())
    calls.push_back({Statement::kGetNamedSteps, {job_id, EncodeStringArray(step_names)}});
  auto results = backend_->ReadBatch(calls);
  if (!results) return tl::unexpected(results.error());
  const QueryResult& job = (*results)[0];
  if (job.rows.empty()) return Fail(ErrorCode::kNotFound, "Job not found");
  JobWithSteps out{JobFromRow(job.rows[0]), {}};
  if (step_names.empty()) return out;
  for (const auto& row : (*results)[1].rows) out.steps.push_back(StepFromRow(row));
  return out;
}

Result<std::vector<Job>> SqlStore::ListJobs(const JobFilter& filter) {
  if (filter.limit < 0 || filter.offset < 0)
    return Fail(ErrorCode::kInvalidArgument, "limit and offset must not be negative");
  using Jobs = std::vector<Job>;
  return InTransaction<Jobs>(*backend_, TxMode::kRead, [&](Session& s) -> Result<Jobs> {
    auto r = Run(s, Statement::kListJobs,
                 {OptionalText(filter.workspace), OptionalText(filter.task_name),
                  OptionalText(filter.status), static_cast<std::int64_t>(filter.limit),
                  static_cast<std::int64_t>(filter.offset)});
    if (!r) return tl::unexpected(r.error());
    Jobs out;
    for (const auto& row : r->rows) out.push_back(JobFromRow(row));
    return out;
  });
}

Result<ActiveJobs> SqlStore::CountActiveJobs() {
  auto r = InTransaction<QueryResult>(*backend_, TxMode::kRead, [&](Session& s) {
    return Run(s, Statement::kCountActiveJobs);
  });
  if (!r) return tl::unexpected(r.error());
  ActiveJobs out;
  for (const auto& row : r->rows)
    (row[0] == job_status::kPending ? out.pending : out.running) = std::stoll(row[1].value_or("0"));
  return out;
}

Result<void> SqlStore::CompleteJob(const std::string& job_id,
                                   const std::optional<std::string>& output_json) {
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  return backend_->Transact(TxMode::kWrite, [&](Session& s) -> Result<void> {
    auto job = Run(s, Statement::kLockJob, {job_id});
    if (!job) return tl::unexpected(job.error());
    if (job->rows.empty()) return Fail(ErrorCode::kNotFound, "Job not found");
    const std::string status = job->rows[0][0].value_or("");
    if (status != job_status::kPending && status != job_status::kRunning)
      return Fail(ErrorCode::kConflict, "Job " + job_id + " is already " + status);
    const Param now = TimeParam(clock_.Now());
    // Nothing of a finished job may be claimed any more.
    if (auto r = Run(s, Statement::kCancelClaimable, {job_id, now}); !r)
      return tl::unexpected(r.error());
    auto r = Run(s, Statement::kCompleteJob, {job_id, OptionalText(output_json), now});
    if (!r) return tl::unexpected(r.error());
    return Ok();
  });
}

}  // namespace stroem::storage::internal
