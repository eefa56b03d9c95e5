// SqlStore: claiming, attempts and leases, completion with its cascade.
//
// Claims and completions are the hot path, so each is one batch (one round trip on
// PostgreSQL). A batch cannot branch on its own results, so every statement after the lock
// is safe to run whatever the compare-and-set decided: the result is recorded only if the
// step is still the reporting attempt's, and skipping, promoting and finishing each derive
// their effect from the rows as they are (a no-op when nothing was recorded).
#include <span>

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

// The row of kLockJobStep or kRecordResult: kNotFound for a missing job or step.
Result<StepState> ReadStepState(const QueryResult& lock, const std::string& step_name) {
  if (lock.rows.empty()) return Fail(ErrorCode::kNotFound, "Job not found");
  const Row& row = lock.rows[0];
  if (!row[1]) return Fail(ErrorCode::kNotFound, "Step not found: " + step_name);
  return StepState{row[0].value_or(""), *row[1], row[2]};
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

// Record (compare-and-set), count and promote with the job locked, skip, finish: the
// statements of one completion. The record only touches the step's own row (locked, and
// re-checked on its newest version), so it can come before the job lock; the counters, the
// cascade and the finish come after it, where they see every sibling completion that
// committed before. None of them scans the job: a dependent's remaining_deps and the job's
// unfinished_steps are counted down (schema v3), so a completion costs the same in a
// 10,000-step job as in a 10-step one. Recording first keeps the job row locked for less
// time: completions of one job queue on it. The record's own count finishes the job when it
// takes the last unfinished step, so a completed step, or a failed one that nothing depends
// on, is one statement.
// `expired_before`: the sweeper's re-check that the lease is still past.
// `leaf`: no other step depends on this one, so the record need not promote (kRecordLeafResult).
std::vector<Call> CompletionCalls(const std::string& job_id, const std::string& step_name,
                                  const std::optional<std::string>& attempt_id,
                                  const StepResult& result, const Param& now,
                                  const Param& expired_before, bool leaf) {
  const bool failed = result.Failed();
  const std::string status(failed ? step_status::kFailed : step_status::kCompleted);
  std::vector<Call> calls;
  // A failure promotes nothing either.
  calls.push_back({leaf || failed ? Statement::kRecordLeafResult : Statement::kRecordResult,
                   {job_id, step_name, status, OptionalText(result.output_json),
                    OptionalText(ErrorMessage(result)), OptionalInt(result.exit_code), now,
                    OptionalText(attempt_id), expired_before}});
  // A failure skips its descendants instead, and the job finishes once they are counted.
  if (failed && !leaf) {
    calls.push_back({Statement::kSkipDescendants, {job_id, step_name, now}});
    calls.push_back({Statement::kFinishJobIfDone, {job_id, now}});
  }
  return calls;
}

// The completion's rows: the record's (job status, unfinished steps, ready) and, after a
// failure's skipped descendants, kFinishJobIfDone's (0, status) if that finished the job.
// The record finished the job if its count of the job's unfinished steps reached 0 (a job
// that had already ended counts nothing more, so its count cannot reach 0 there).
Completion ReadCompletion(std::span<const QueryResult> results) {
  const Row& record = results.front().rows[0];
  Completion out{static_cast<int>(std::stoll(record[2].value_or("0"))), false,
                 record[0].value_or("")};
  out.job_finished = record[1] == "0" && (out.job_status == job_status::kCompleted ||
                                          out.job_status == job_status::kFailed);
  if (results.size() < 2) return out;
  for (const Row& row : results.back().rows) {
    out.job_finished = true;
    out.job_status = row[1].value_or("");
  }
  return out;
}

}  // namespace

SqlStore::ClaimPlan SqlStore::PlanClaim(Statement statement, const std::string& worker_id,
                                        const std::vector<std::string>& capabilities,
                                        TimePoint now) {
  ClaimPlan plan{NewUuid(), now + options_.lease_duration, {statement, {}}};
  Param started_job;
  {
    std::lock_guard lock(claims_mu_);
    if (!started_job_.empty()) started_job = started_job_;
  }
  plan.call.params = {EncodeStringArray(capabilities),
                      worker_id,
                      TimeParam(now),
                      plan.attempt_id,
                      TimeParam(plan.expiry),
                      std::move(started_job)};
  return plan;
}

std::optional<Claim> SqlStore::ClaimFrom(const QueryResult& rows, const ClaimPlan& plan) {
  if (rows.rows.empty()) return std::nullopt;
  const Row& row = rows.rows[0];
  Claim claim{StepFromRow(row), plan.attempt_id, plan.expiry};
  const bool leaf = row.size() > kStepColumns && row[kStepColumns] == "0";
  std::lock_guard lock(claims_mu_);
  started_job_ = claim.step.job_id;
  if (leaf) RememberLeafAttemptLocked(plan.attempt_id);
  return claim;
}

Result<std::optional<Claim>> SqlStore::ClaimStep(const std::string& worker_id,
                                                 const std::vector<std::string>& capabilities) {
  if (!IsUuid(worker_id)) return Fail(ErrorCode::kInvalidArgument, "Invalid worker ID");
  const ClaimPlan plan = PlanClaim(Statement::kClaimStep, worker_id, capabilities, clock_.Now());
  auto r = backend_->TransactBatch(std::span<const Call>(&plan.call, 1));
  if (!r) return tl::unexpected(r.error());
  return ClaimFrom(r->front(), plan);
}

void SqlStore::RememberLeafAttemptLocked(const std::string& attempt_id) {
  // Attempts that are never completed here (a lost worker swept by another server, a
  // cancelled job) would pile up: start afresh at a bound no live set of attempts reaches.
  constexpr size_t kMaxRemembered = 65536;
  if (leaf_attempts_.size() >= kMaxRemembered) leaf_attempts_.clear();
  leaf_attempts_.insert(attempt_id);
}

bool SqlStore::TakeLeafAttempt(const std::optional<std::string>& attempt_id) {
  if (!attempt_id) return false;
  std::lock_guard lock(claims_mu_);
  return leaf_attempts_.erase(*attempt_id) > 0;
}

Result<void> SqlStore::StartStep(const std::string& job_id, const std::string& step_name,
                                 const std::optional<std::string>& attempt_id) {
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  return backend_->Transact(TxMode::kWrite, [&](Session& s) -> Result<void> {
    auto lock = Run(s, Statement::kLockJobStep, {job_id, step_name});
    if (!lock) return tl::unexpected(lock.error());
    auto state = ReadStepState(*lock, step_name);
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
  return Complete(job_id, step_name, attempt_id, result, clock_.Now(), std::nullopt);
}

Result<Completion> SqlStore::Complete(const std::string& job_id, const std::string& step_name,
                                      const std::optional<std::string>& attempt_id,
                                      const StepResult& result, TimePoint now,
                                      std::optional<TimePoint> expired_before) {
  auto r = Record(job_id, step_name, attempt_id, result, now, expired_before, nullptr);
  if (!r) return tl::unexpected(r.error());
  return ReadCompletion(*r);
}

// The next claim joins the completion's batch: one round trip (and one transaction) instead
// of two. It claims only if the record happened (kClaimAfterRecord).
Result<CompletionAndClaim> SqlStore::CompleteStepAndClaim(
    const std::string& job_id, const std::string& step_name,
    const std::optional<std::string>& attempt_id, const StepResult& result,
    const std::string& worker_id, const std::vector<std::string>& capabilities) {
  // A claim that cannot be made (no such worker id) must not hold the record back.
  if (!backend_->CallsCostRoundTrips() || !IsUuid(worker_id))
    return Store::CompleteStepAndClaim(job_id, step_name, attempt_id, result, worker_id,
                                       capabilities);
  const TimePoint now = clock_.Now();
  ClaimPlan plan = PlanClaim(Statement::kClaimAfterRecord, worker_id, capabilities, now);
  plan.call.params.insert(plan.call.params.end(), {job_id, step_name, OptionalText(attempt_id)});
  auto r = Record(job_id, step_name, attempt_id, result, now, std::nullopt, &plan.call);
  if (!r) return tl::unexpected(r.error());
  return CompletionAndClaim{ReadCompletion(std::span(*r).first(r->size() - 1)),
                            ClaimFrom(r->back(), plan)};
}

Result<std::vector<QueryResult>> SqlStore::Record(const std::string& job_id,
                                                  const std::string& step_name,
                                                  const std::optional<std::string>& attempt_id,
                                                  const StepResult& result, TimePoint now,
                                                  std::optional<TimePoint> expired_before,
                                                  const Call* then) {
  if (!IsUuid(job_id)) return Fail(ErrorCode::kNotFound, "Job not found");
  if (attempt_id && !IsUuid(*attempt_id))  // cannot be any step's attempt
    return Fail(ErrorCode::kStaleAttempt, "attempt " + *attempt_id +
                                              " is not the current attempt of step '" + step_name +
                                              "': result refused");
  const Param expired = expired_before ? TimeParam(*expired_before) : Param{};
  auto calls = CompletionCalls(job_id, step_name, attempt_id, result, TimeParam(now), expired,
                               TakeLeafAttempt(attempt_id));
  if (then) calls.push_back(*then);
  auto r = backend_->TransactBatch(calls);
  if (!r) return tl::unexpected(r.error());
  if (r->front().rows.empty())  // nothing recorded
    return tl::unexpected(WhyNotRecorded(job_id, step_name, attempt_id));
  return r;
}

// A result was not recorded: read the step (a failure is rare) to say why.
Error SqlStore::WhyNotRecorded(const std::string& job_id, const std::string& step_name,
                               const std::optional<std::string>& attempt_id) {
  auto why = InTransaction<QueryResult>(*backend_, TxMode::kWrite, [&](Session& s) {
    return Run(s, Statement::kLockJobStep, {job_id, step_name});
  });
  if (!why) return why.error();
  auto state = ReadStepState(*why, step_name);
  if (!state) return state.error();
  if (auto ok = CheckCurrentAttempt(*state, step_name, attempt_id); !ok) return ok.error();
  return Error{ErrorCode::kStaleAttempt,
               "the lease of step '" + step_name + "' was extended: not failed"};
}

Result<SweepResult> SqlStore::FailExpiredAttempts() {
  const TimePoint now = clock_.Now();
  auto expired = InTransaction<QueryResult>(*backend_, TxMode::kRead, [&](Session& s) {
    return Run(s, Statement::kFindExpired, {TimeParam(now)});
  });
  if (!expired) return tl::unexpected(expired.error());
  SweepResult out;
  const StepResult lost{std::nullopt, std::nullopt, "worker lost"};
  for (const auto& row : expired->rows) {
    // The lease is checked again where the attempt is failed: a heartbeat may have extended
    // it since the scan, and then the worker is alive.
    auto done = Complete(row[0].value_or(""), row[1].value_or(""), row[2], lost, now, now);
    // Stale: the worker's own result, a heartbeat or another sweeper got there first.
    if (!done && done.error().code == ErrorCode::kStaleAttempt) continue;
    if (!done) return tl::unexpected(done.error());
    ++out.attempts_failed;
    out.steps_ready += done->steps_ready;
  }
  return out;
}

}  // namespace stroem::storage::internal
