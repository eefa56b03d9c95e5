// SqlStore: ending jobs early. Cancellation by a user, the task deadline, and telling
// workers which of their attempts to stop.
#include <set>

#include "common/duration.h"
#include "common/id.h"
#include "storage/internal/rows.h"
#include "storage/internal/sql_store.h"

namespace stroem::storage::internal {

Result<JobCancellation> SqlStore::EndJob(const std::string& job_id, std::string_view job_status,
                                         const std::string& reason) {
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  const Param now = TimeParam(clock_.Now());
  return InTransaction<JobCancellation>(
      *backend_, TxMode::kWrite, [&](Session& s) -> Result<JobCancellation> {
        auto job = Run(s, Statement::kLockJob, {job_id});
        if (!job) return tl::unexpected(job.error());
        if (job->rows.empty()) return Fail(ErrorCode::kNotFound, "Job not found");
        const std::string status = job->rows[0][0].value_or("");
        if (status != job_status::kPending && status != job_status::kRunning)
          return Fail(ErrorCode::kConflict, "job is already " + status);
        JobCancellation out;
        for (std::string_view step :
             {step_status::kRunning, step_status::kReady, step_status::kPending}) {
          auto r = Run(s, Statement::kCancelUnfinished, {job_id, now, reason, std::string(step)});
          if (!r) return tl::unexpected(r.error());
          out.steps_cancelled += static_cast<int>(r->affected);
          if (step == step_status::kRunning) out.running_cancelled = static_cast<int>(r->affected);
        }
        auto r = Run(s, Statement::kEndJob, {job_id, std::string(job_status), now});
        if (!r) return tl::unexpected(r.error());
        return out;
      });
}

Result<JobCancellation> SqlStore::CancelJob(const std::string& job_id) {
  return EndJob(job_id, job_status::kCancelled, "job cancelled");
}

Result<DeadlineSweep> SqlStore::FailOverdueJobs() {
  const TimePoint now = clock_.Now();
  auto overdue = InTransaction<QueryResult>(*backend_, TxMode::kRead, [&](Session& s) {
    return Run(s, Statement::kFindOverdue, {TimeParam(now)});
  });
  if (!overdue) return tl::unexpected(overdue.error());
  DeadlineSweep out;
  for (const Row& row : overdue->rows) {
    const std::string job_id = row[0].value_or("");
    const auto timeout = std::chrono::milliseconds(std::stoll(row[1].value_or("0")));
    auto ended =
        EndJob(job_id, job_status::kFailed, "task timed out after " + FormatDuration(timeout));
    // Conflict: the job finished (or was cancelled) since the scan; a deadline is final, so
    // nothing else can have changed.
    if (!ended && ended.error().code == ErrorCode::kConflict) continue;
    if (!ended) return tl::unexpected(ended.error());
    ++out.jobs_failed;
    out.steps_cancelled += ended->steps_cancelled;
  }
  return out;
}

Result<std::vector<std::string>> SqlStore::AttemptsToStop(
    const std::vector<std::string>& attempt_ids) {
  using Ids = std::vector<std::string>;
  Ids wellformed;
  for (const std::string& id : attempt_ids)
    if (IsUuid(id)) wellformed.push_back(id);
  std::set<std::string> running;
  if (!wellformed.empty()) {
    auto r = InTransaction<QueryResult>(*backend_, TxMode::kRead, [&](Session& s) {
      return Run(s, Statement::kFindRunningAttempts, {EncodeStringArray(wellformed)});
    });
    if (!r) return tl::unexpected(r.error());
    for (const Row& row : r->rows) running.insert(row[0].value_or(""));
  }
  Ids out;
  for (const std::string& id : attempt_ids)
    if (!running.contains(id)) out.push_back(id);
  return out;
}

}  // namespace stroem::storage::internal
