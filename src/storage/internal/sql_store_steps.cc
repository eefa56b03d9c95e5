// SqlStore: claiming, attempts and leases, completion with its cascade.
#include "common/id.h"
#include "storage/internal/rows.h"
#include "storage/internal/sql_store.h"

namespace stroem::storage::internal {
namespace {

struct StepState {
  std::string job_status;
  std::string status;
  std::optional<std::string> attempt_id;
};

// Locks the job (so completions of one job serialise: the last one sees every sibling's
// result and finishes the job exactly once) and reads the step's state.
Result<StepState> LoadStepState(Session& s, const std::string& job_id,
                                const std::string& step_name) {
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  auto job = Run(s, Statement::kLockJob, {job_id});
  if (!job) return tl::unexpected(job.error());
  if (job->rows.empty()) return Fail(ErrorCode::kNotFound, "Job not found");
  auto step = Run(s, Statement::kGetStepState, {job_id, step_name});
  if (!step) return tl::unexpected(step.error());
  if (step->rows.empty()) return Fail(ErrorCode::kNotFound, "Step not found: " + step_name);
  return StepState{job->rows[0][0].value_or(""), step->rows[0][0].value_or(""), step->rows[0][1]};
}

// The compare-and-set: only the step's current running attempt may report.
Result<void> CheckCurrentAttempt(const StepState& state, const std::string& step_name,
                                 const std::optional<std::string>& attempt_id) {
  if (state.status != step_status::kRunning)
    return Fail(ErrorCode::kStaleAttempt,
                "step '" + step_name + "' is " + state.status + ", not running: result refused");
  if (attempt_id && (!IsUuid(*attempt_id) || attempt_id != state.attempt_id))
    return Fail(ErrorCode::kStaleAttempt, "attempt " + *attempt_id +
                                              " is not the current attempt of step '" + step_name +
                                              "': result refused");
  return Ok();
}

std::optional<std::string> ErrorMessage(const StepResult& result) {
  if (result.error) return result.error;
  if (result.Failed()) return "Process exited with code " + std::to_string(*result.exit_code);
  return std::nullopt;
}

Result<void> RecordResult(Session& s, const std::string& job_id, const std::string& step_name,
                          const StepResult& result, const Param& now) {
  const std::string status(result.Failed() ? step_status::kFailed : step_status::kCompleted);
  auto r = Run(s, Statement::kRecordResult,
               {job_id, step_name, status, OptionalText(result.output_json),
                OptionalText(ErrorMessage(result)), OptionalInt(result.exit_code), now});
  if (!r) return tl::unexpected(r.error());
  if (result.Failed()) {
    auto skipped = Run(s, Statement::kSkipDescendants, {job_id, step_name, now});
    if (!skipped) return tl::unexpected(skipped.error());
  }
  return Ok();
}

// Promotes dependents and finishes the job when nothing can run any more.
Result<Completion> Orchestrate(Session& s, const std::string& job_id, const StepState& state,
                               const Param& now) {
  auto promoted = Run(s, Statement::kPromoteReady, {job_id});
  if (!promoted) return tl::unexpected(promoted.error());
  auto finished = Run(s, Statement::kFinishJobIfDone, {job_id, now});
  if (!finished) return tl::unexpected(finished.error());
  Completion out{static_cast<int>(promoted->affected), !finished->rows.empty(), state.job_status};
  if (out.job_finished) out.job_status = finished->rows[0][0].value_or("");
  return out;
}

}  // namespace

Result<std::optional<Claim>> SqlStore::ClaimStep(const std::string& worker_id,
                                                 const std::vector<std::string>& capabilities) {
  using MaybeClaim = std::optional<Claim>;
  if (!IsUuid(worker_id)) return Fail(ErrorCode::kInvalidArgument, "Invalid worker ID");
  const std::string attempt_id = NewUuid();
  const TimePoint now = clock_.Now();
  const TimePoint expiry = now + options_.lease_duration;
  return InTransaction<MaybeClaim>(
      *backend_, TxMode::kWrite, [&](Session& s) -> Result<MaybeClaim> {
        auto r = Run(s, Statement::kClaimStep,
                     {EncodeStringArray(capabilities), worker_id, TimeParam(now), attempt_id,
                      TimeParam(expiry)});
        if (!r) return tl::unexpected(r.error());
        if (r->rows.empty()) return MaybeClaim{};
        Step step = StepFromRow(r->rows[0]);
        auto job = Run(s, Statement::kMarkJobRunning, {step.job_id, TimeParam(now)});
        if (!job) return tl::unexpected(job.error());
        return MaybeClaim{Claim{std::move(step), attempt_id, expiry}};
      });
}

Result<void> SqlStore::StartStep(const std::string& job_id, const std::string& step_name,
                                 const std::optional<std::string>& attempt_id) {
  return backend_->Transact(TxMode::kWrite, [&](Session& s) -> Result<void> {
    auto state = LoadStepState(s, job_id, step_name);
    if (!state) return tl::unexpected(state.error());
    if (state->status != step_status::kRunning)
      return Fail(ErrorCode::kConflict,
                  "step '" + step_name + "' is " + state->status + ", not running");
    return CheckCurrentAttempt(*state, step_name, attempt_id);
  });
}

Result<TimePoint> SqlStore::ExtendLease(const std::string& attempt_id) {
  const TimePoint expiry = clock_.Now() + options_.lease_duration;
  if (!IsUuid(attempt_id))
    return Fail(ErrorCode::kStaleAttempt, "attempt " + attempt_id + " is not a running attempt");
  return InTransaction<TimePoint>(*backend_, TxMode::kWrite, [&](Session& s) -> Result<TimePoint> {
    auto r = Run(s, Statement::kExtendAttempt, {attempt_id, TimeParam(expiry)});
    if (!r) return tl::unexpected(r.error());
    if (r->affected == 0)
      return Fail(ErrorCode::kStaleAttempt,
                  "attempt " + attempt_id + " is not a running attempt: lease not extended");
    return expiry;
  });
}

Result<Completion> SqlStore::CompleteStep(const std::string& job_id, const std::string& step_name,
                                          const std::optional<std::string>& attempt_id,
                                          const StepResult& result) {
  const Param now = TimeParam(clock_.Now());
  return InTransaction<Completion>(
      *backend_, TxMode::kWrite, [&](Session& s) -> Result<Completion> {
        auto state = LoadStepState(s, job_id, step_name);
        if (!state) return tl::unexpected(state.error());
        if (auto ok = CheckCurrentAttempt(*state, step_name, attempt_id); !ok)
          return tl::unexpected(ok.error());
        if (auto r = RecordResult(s, job_id, step_name, result, now); !r)
          return tl::unexpected(r.error());
        return Orchestrate(s, job_id, *state, now);
      });
}

Result<SweepResult> SqlStore::FailExpiredAttempts() {
  auto expired = InTransaction<QueryResult>(*backend_, TxMode::kRead, [&](Session& s) {
    return Run(s, Statement::kFindExpired, {TimeParam(clock_.Now())});
  });
  if (!expired) return tl::unexpected(expired.error());
  SweepResult out;
  const StepResult lost{std::nullopt, std::nullopt, "worker lost"};
  for (const auto& row : expired->rows) {
    auto done = CompleteStep(row[0].value_or(""), row[1].value_or(""), row[2], lost);
    // Stale: the worker's own result (or another sweeper) got there first; nothing to do.
    if (!done && done.error().code == ErrorCode::kStaleAttempt) continue;
    if (!done) return tl::unexpected(done.error());
    ++out.attempts_failed;
    out.steps_ready += done->steps_ready;
  }
  return out;
}

}  // namespace stroem::storage::internal
