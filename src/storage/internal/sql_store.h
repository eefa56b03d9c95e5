// SqlStore: the one implementation of Store's behaviour (state machine, leases, cascades),
// written against the Backend seam so SQLite and PostgreSQL cannot drift apart.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_set>

#include "storage/internal/backend.h"
#include "storage/store.h"

namespace stroem::storage::internal {

// Applies the backend's pending migrations in one transaction. kInvalidArgument when the
// database's schema is newer than this build knows, naming both versions.
Result<void> Migrate(Backend& backend, const Clock& clock);

// Checks a job before any row is written: a task name, unique step names, dependencies that
// name other steps of the job, no cycles. kInvalidArgument naming the offending step.
Result<void> ValidateNewJob(const NewJob& job);

// Connects `backend`, migrates it and wraps it in a SqlStore: every backend's Open*Store.
Result<std::unique_ptr<Store>> StartSqlStore(std::unique_ptr<Backend> backend, const Clock& clock,
                                             const StoreOptions& options);

class SqlStore final : public Store {
 public:
  // `clock` must outlive the store.
  SqlStore(std::unique_ptr<Backend> backend, const Clock& clock, StoreOptions options);

  Result<std::string> RegisterWorker(const std::string& name,
                                     const std::vector<std::string>& capabilities) override;
  Result<int> Heartbeat(const std::string& worker_id) override;
  Result<int> HeartbeatAttempts(const std::string& worker_id,
                                const std::vector<std::string>& attempt_ids) override;
  Result<std::vector<Worker>> ListWorkers() override;

  Result<CreatedJob> CreateJob(const NewJob& job) override;
  Result<JobWithSteps> GetJob(const std::string& job_id) override;
  Result<JobWithSteps> GetJobSteps(const std::string& job_id,
                                   const std::vector<std::string>& step_names) override;
  Result<std::vector<Job>> ListJobs(const JobFilter& filter) override;
  Result<ActiveJobs> CountActiveJobs() override;
  Result<void> CompleteJob(const std::string& job_id,
                           const std::optional<std::string>& output_json) override;
  Result<JobCancellation> CancelJob(const std::string& job_id) override;
  Result<DeadlineSweep> FailOverdueJobs() override;

  Result<std::optional<Claim>> ClaimStep(const std::string& worker_id,
                                         const std::vector<std::string>& capabilities) override;
  Result<void> StartStep(const std::string& job_id, const std::string& step_name,
                         const std::optional<std::string>& attempt_id) override;
  Result<TimePoint> ExtendLease(const std::string& attempt_id) override;
  Result<Completion> CompleteStep(const std::string& job_id, const std::string& step_name,
                                  const std::optional<std::string>& attempt_id,
                                  const StepResult& result) override;
  Result<CompletionAndClaim> CompleteStepAndClaim(
      const std::string& job_id, const std::string& step_name,
      const std::optional<std::string>& attempt_id, const StepResult& result,
      const std::string& worker_id, const std::vector<std::string>& capabilities) override;
  Result<SweepResult> FailExpiredAttempts() override;
  Result<std::vector<std::string>> AttemptsToStop(
      const std::vector<std::string>& attempt_ids) override;

 private:
  // CompleteStep at `now`; with `expired_before`, only if the lease is still before it (the
  // sweeper). kStaleAttempt when nothing was recorded.
  Result<Completion> Complete(const std::string& job_id, const std::string& step_name,
                              const std::optional<std::string>& attempt_id,
                              const StepResult& result, TimePoint now,
                              std::optional<TimePoint> expired_before);

  // The completion's batch, with `then` (when given) after its calls, in one transaction;
  // the reason as the error when nothing was recorded.
  Result<std::vector<QueryResult>> Record(const std::string& job_id, const std::string& step_name,
                                          const std::optional<std::string>& attempt_id,
                                          const StepResult& result, TimePoint now,
                                          std::optional<TimePoint> expired_before,
                                          const Call* then);

  // A claim's call (kClaimStep's six parameters) with its new attempt and lease.
  struct ClaimPlan {
    std::string attempt_id;
    TimePoint expiry;
    Call call;
  };
  ClaimPlan PlanClaim(Statement statement, const std::string& worker_id,
                      const std::vector<std::string>& capabilities, TimePoint now);
  // The claimed step in a claim's rows, if any (remembering a leaf's attempt).
  std::optional<Claim> ClaimFrom(const QueryResult& rows, const ClaimPlan& plan);

  // Ends a pending or running job as `job_status` with its unfinished steps cancelled with
  // `reason`; kConflict when the job has finished (CancelJob and FailOverdueJobs).
  Result<JobCancellation> EndJob(const std::string& job_id, std::string_view job_status,
                                 const std::string& reason);

  // Why a result was not recorded (the step's state now): kNotFound or kStaleAttempt.
  Error WhyNotRecorded(const std::string& job_id, const std::string& step_name,
                       const std::optional<std::string>& attempt_id);

  // Attempts claimed here whose step no other step depends on (the claim reads it; a job's
  // dependencies never change): their completion runs kRecordLeafResult. An attempt not
  // remembered (claimed by another server, forgotten) runs kRecordResult, as always correct.
  void RememberLeafAttemptLocked(const std::string& attempt_id);  // claims_mu_ held
  // Whether `attempt_id` was remembered; forgets it.
  bool TakeLeafAttempt(const std::optional<std::string>& attempt_id);

  std::unique_ptr<Backend> backend_;
  const Clock& clock_;
  StoreOptions options_;
  std::mutex claims_mu_;
  std::unordered_set<std::string> leaf_attempts_;  // guarded by claims_mu_
  // The job of the latest claim here: started (a job never returns to pending), so the next
  // claim need not try to start it if it takes another of its steps (kClaimStep's $6).
  std::string started_job_;  // guarded by claims_mu_
};

// Runs `body(Session&) -> Result<T>` in one transaction and returns its value.
template <typename T, typename Body>
Result<T> InTransaction(Backend& backend, TxMode mode, Body&& body) {
  std::optional<T> out;
  auto status = backend.Transact(mode, [&](Session& session) -> Result<void> {
    auto value = body(session);
    if (!value) return tl::unexpected(value.error());
    out = std::move(*value);
    return Ok();
  });
  if (!status) return tl::unexpected(status.error());
  return std::move(*out);
}

// Session::Run with an inline parameter list.
inline Result<QueryResult> Run(Session& session, Statement statement,
                               std::initializer_list<Param> params = {}) {
  return session.Run(statement, std::span<const Param>(params.begin(), params.size()));
}

}  // namespace stroem::storage::internal
