// Store: everything the server persists (workers, jobs, steps, attempts) behind one
// interface with two backends of identical behaviour, SQLite and PostgreSQL.
//
// This header is light on purpose: plain structs, no driver or JSON includes. JSON columns
// (job input/output, step action_spec/input/output) cross it as JSON text; the caller parses.
//
// Thread safety: every Store is safe to call from many threads at once.
// Errors (Result<T>): kNotFound (unknown job/step), kStaleAttempt (a result or lease
// extension for an attempt that is no longer the step's current running attempt),
// kInvalidArgument (malformed input such as invalid JSON or a bad dependency),
// kConflict (state does not allow the operation), kUnavailable (database unreachable,
// locked past the busy timeout, connection lost: retry later, nothing was half-written),
// kInternal (anything unexpected from the driver).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"

namespace stroem::storage {

// Status strings are the seed's (contract §8). A step is `cancelled` when its job ended before
// the step could finish: CancelJob, FailOverdueJobs, or CompleteJob before it ran (`skipped`
// means a dependency failed).
namespace job_status {
inline constexpr std::string_view kPending = "pending";
inline constexpr std::string_view kRunning = "running";
inline constexpr std::string_view kCompleted = "completed";
inline constexpr std::string_view kFailed = "failed";
inline constexpr std::string_view kCancelled = "cancelled";
}  // namespace job_status

namespace step_status {
inline constexpr std::string_view kPending = "pending";  // waiting for dependencies
inline constexpr std::string_view kReady = "ready";      // claimable
inline constexpr std::string_view kRunning = "running";  // claimed by an attempt
inline constexpr std::string_view kCompleted = "completed";
inline constexpr std::string_view kFailed = "failed";
inline constexpr std::string_view kSkipped = "skipped";  // a dependency failed
inline constexpr std::string_view kCancelled = "cancelled";
}  // namespace step_status

struct Worker {
  std::string worker_id;
  std::string name;
  std::vector<std::string> capabilities;
  std::string status;  // "active"
  std::optional<TimePoint> last_heartbeat;
  TimePoint registered_at;
};

// One step of a job to create, in flow order. Steps without dependencies start `ready`.
struct NewStep {
  std::string name;
  std::string action_name;
  std::string action_type = "shell";
  std::optional<std::string> action_image;
  std::string action_spec_json = "{}";
  std::string input_json = "{}";
  std::vector<std::string> depends_on;  // names of earlier or later steps of the same job
  // The step's process is killed after this long (the worker's runner enforces it).
  std::optional<std::chrono::milliseconds> timeout;
};

struct NewJob {
  std::string workspace = "default";
  std::string task_name;
  std::string mode = "distributed";  // "distributed" | "local"
  std::string input_json = "{}";
  std::string source_type = "api";  // "trigger" | "user" | "api" | "webhook"
  std::optional<std::string> source_id;
  std::vector<NewStep> steps;
  // The task's timeout: the job's deadline is its creation time plus this (FailOverdueJobs).
  std::optional<std::chrono::milliseconds> timeout;
};

struct CreatedJob {
  std::string job_id;
  int steps_ready = 0;  // how many steps are claimable now (wake long-poll claims if > 0)
};

struct Job {
  std::string job_id;
  std::string workspace;
  std::string task_name;
  std::string mode;
  std::optional<std::string> input_json;
  std::optional<std::string> output_json;
  std::string status;
  std::string source_type;
  std::optional<std::string> source_id;
  TimePoint created_at;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> completed_at;
  std::optional<std::chrono::milliseconds> timeout;  // the task's timeout
  std::optional<TimePoint> deadline_at;              // created_at + timeout
};

struct Step {
  std::string job_id;
  std::string step_name;
  int flow_index = 0;  // position in the task's flow; claim order within a job
  std::string action_name;
  std::string action_type;
  std::optional<std::string> action_image;
  std::optional<std::string> action_spec_json;
  std::optional<std::string> input_json;
  std::optional<std::string> output_json;
  std::string status;
  std::optional<std::string> worker_id;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> completed_at;
  std::optional<std::string> error_message;
  std::optional<int> exit_code;
  int attempt = 0;                        // number of claims so far
  std::optional<std::string> attempt_id;  // the current (or last) attempt
  std::optional<TimePoint> lease_expires_at;
  std::vector<std::string> depends_on;               // filled by GetJob only
  std::optional<std::chrono::milliseconds> timeout;  // the step's process time limit
};

struct JobWithSteps {
  Job job;
  std::vector<Step> steps;  // in flow order
};

struct ActiveJobs {
  int64_t pending = 0;
  int64_t running = 0;
};

// Filters for ListJobs; unset fields match everything. Newest job first.
struct JobFilter {
  std::optional<std::string> workspace;
  std::optional<std::string> task_name;
  std::optional<std::string> status;
  int limit = 50;
  int offset = 0;
};

// A claimed step: `step.attempt_id` and `step.lease_expires_at` hold the new attempt.
struct Claim {
  Step step;
  std::string attempt_id;
  TimePoint lease_expires_at;
};

// What a worker reports. Failed iff exit_code is set and non-zero, or error is present
// (even empty): contract §5.
struct StepResult {
  std::optional<int> exit_code;
  std::optional<std::string> output_json;
  std::optional<std::string> error;

  bool Failed() const { return error.has_value() || (exit_code && *exit_code != 0); }
};

struct Completion {
  int steps_ready = 0;  // dependents promoted to ready by this completion
  bool job_finished = false;
  std::string job_status;  // the job's status after the completion
};

// A completion and, when the worker asked for it, its next step (CompleteStepAndClaim).
struct CompletionAndClaim {
  Completion done;
  // Nothing when nothing was claimable; an error when the claim failed after the record
  // stood (the completion's consequences still apply).
  Result<std::optional<Claim>> next;
};

struct SweepResult {
  int attempts_failed = 0;  // running steps whose lease expired, now failed ("worker lost")
  int steps_ready = 0;
};

// What CancelJob and FailOverdueJobs did to one job.
struct JobCancellation {
  int steps_cancelled = 0;    // pending, ready and running steps now `cancelled`
  int running_cancelled = 0;  // of those, how many were running (their workers must kill them)
};

struct DeadlineSweep {
  int jobs_failed = 0;  // jobs past their deadline, now `failed`
  int steps_cancelled = 0;
};

struct StoreOptions {
  std::chrono::seconds lease_duration{60};       // claim and heartbeat set expiry = now + this
  int pool_size = 4;                             // connections per store
  std::chrono::milliseconds busy_timeout{5000};  // SQLite: wait this long for a lock
  std::chrono::seconds connect_timeout{5};       // PostgreSQL
  // PostgreSQL: a pooled connection idle at least this long is checked before use (one
  // poll), so one the server closed meanwhile is replaced instead of failing a call. Those
  // used more recently are not: the check would cost every call ~2 %.
  std::chrono::milliseconds check_idle_after{500};
};

class Store {
 public:
  virtual ~Store() = default;

  // --- workers ---
  // Registers a new worker (a new id every call) with status "active".
  virtual Result<std::string> RegisterWorker(const std::string& name,
                                             const std::vector<std::string>& capabilities) = 0;
  // Records a heartbeat and extends the lease of every running attempt the worker holds to
  // now + lease_duration. Unknown workers are accepted (seed behaviour). Returns the number
  // of leases extended.
  virtual Result<int> Heartbeat(const std::string& worker_id) = 0;
  // Records a heartbeat and extends only the listed attempts (the ones the worker says it
  // runs). A step claimed for this worker but not listed (the claim's response was lost,
  // e.g. the server died before answering) keeps its lease and is failed as `worker lost`
  // when it expires, instead of being kept alive forever by the worker's heartbeats.
  // Malformed and unknown attempt ids are ignored. Returns the number of leases extended.
  virtual Result<int> HeartbeatAttempts(const std::string& worker_id,
                                        const std::vector<std::string>& attempt_ids) = 0;
  virtual Result<std::vector<Worker>> ListWorkers() = 0;

  // --- jobs ---
  // Creates the job and all its steps in one transaction. kInvalidArgument for duplicate
  // step names, unknown or cyclic dependencies, invalid JSON. A job without steps is
  // completed at once.
  virtual Result<CreatedJob> CreateJob(const NewJob& job) = 0;
  // kNotFound "Job not found".
  virtual Result<JobWithSteps> GetJob(const std::string& job_id) = 0;
  // The job and only the named steps (in flow order, without depends_on): what
  // rendering one step needs, without reading a large job whole. Unknown names
  // are ignored. kNotFound "Job not found".
  virtual Result<JobWithSteps> GetJobSteps(const std::string& job_id,
                                           const std::vector<std::string>& step_names) = 0;
  virtual Result<std::vector<Job>> ListJobs(const JobFilter& filter) = 0;
  // How many jobs are pending and how many running: the queue and the work in hand (the
  // /metrics gauge). Ended jobs are not counted.
  virtual Result<ActiveJobs> CountActiveJobs() = 0;
  // Seed's local-mode job completion: marks a non-terminal job completed with `output`.
  // In the same transaction its pending and ready steps become `cancelled` (completed_at
  // = now), so nothing of the job can be claimed any more; a running step is left to its
  // worker, whose result is still recorded but changes nothing else.
  // kNotFound, or kConflict when the job is already finished.
  virtual Result<void> CompleteJob(const std::string& job_id,
                                   const std::optional<std::string>& output_json) = 0;
  // Cancels a pending or running job in one transaction: its pending, ready and running
  // steps become `cancelled` (completed_at = now, error_message "job cancelled") and the job
  // becomes `cancelled` at once. A running step's attempt is thereby no longer current: its
  // worker learns that from AttemptsToStop, and the late result it still sends is refused
  // (kStaleAttempt), so nothing can reopen the job. kNotFound, or kConflict "job is already
  // <status>" for a finished job.
  virtual Result<JobCancellation> CancelJob(const std::string& job_id) = 0;
  // Fails every pending or running job whose deadline (created_at + task timeout) is before
  // now: its unfinished steps become `cancelled` with error "task timed out after <timeout>"
  // and the job `failed`, with the same effect on running attempts as CancelJob.
  virtual Result<DeadlineSweep> FailOverdueJobs() = 0;

  // --- steps and attempts ---
  // Claims the oldest job's first ready step (flow order) whose action_type is among
  // `capabilities`: the step becomes running with a new attempt and lease; the job becomes
  // running at its first claim. nullopt when nothing is claimable.
  virtual Result<std::optional<Claim>> ClaimStep(const std::string& worker_id,
                                                 const std::vector<std::string>& capabilities) = 0;
  // The worker says it started. The step must be running (kConflict otherwise) and, when
  // given, `attempt_id` must be its current attempt (kStaleAttempt). kNotFound if unknown.
  virtual Result<void> StartStep(const std::string& job_id, const std::string& step_name,
                                 const std::optional<std::string>& attempt_id) = 0;
  // Extends one attempt's lease to now + lease_duration; kStaleAttempt if the attempt is not
  // the current running attempt of its step. Returns the new expiry.
  virtual Result<TimePoint> ExtendLease(const std::string& attempt_id) = 0;
  // Records a result, in one transaction with its consequences: dependents whose
  // dependencies all completed become ready; on failure every not-yet-started descendant is
  // skipped; the job finishes (completed, or failed if any step failed) when nothing can run.
  // Compare-and-set: the step must be running and, when `attempt_id` is given, it must be the
  // current attempt; otherwise kStaleAttempt. kNotFound for an unknown job or step.
  virtual Result<Completion> CompleteStep(const std::string& job_id, const std::string& step_name,
                                          const std::optional<std::string>& attempt_id,
                                          const StepResult& result) = 0;
  // CompleteStep, then, only if the result was recorded, ClaimStep for `worker_id`: what a
  // worker's result that asks for its next step needs. PostgreSQL does both in one
  // transaction and one round trip (a database failure undoes both, and the worker reports
  // again); the default runs the two calls, and a claim that fails after the record is
  // reported in `next`.
  virtual Result<CompletionAndClaim> CompleteStepAndClaim(
      const std::string& job_id, const std::string& step_name,
      const std::optional<std::string>& attempt_id, const StepResult& result,
      const std::string& worker_id, const std::vector<std::string>& capabilities);
  // Fails every running attempt whose lease expired before now (error "worker lost") with
  // the same consequences as CompleteStep. The expiry is checked again where each attempt
  // is failed, so a heartbeat or lease extension that lands during the sweep wins.
  virtual Result<SweepResult> FailExpiredAttempts() = 0;
  // Of the attempts a worker says it is running, those it should stop: attempts that are no
  // longer their step's current running attempt (cancelled, timed out, given up as lost,
  // unknown) or whose job has finished. In the order given. Malformed ids are returned too.
  virtual Result<std::vector<std::string>> AttemptsToStop(
      const std::vector<std::string>& attempt_ids) = 0;
};

// Opens a store and applies pending migrations. `url`: `sqlite:<path>`, a plain path (SQLite),
// or `postgres://…` / `postgresql://…`. Errors name the URL with its password as `***`:
// kUnavailable when the database cannot be reached or is locked, kInvalidArgument for a
// malformed URL, a file that is not a SQLite database, or a schema newer than this build.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const Clock& clock,
                                         const StoreOptions& options = {});

// `url` with any password replaced by `***` (userinfo and `password=` parameters).
std::string RedactUrl(std::string_view url);

}  // namespace stroem::storage
