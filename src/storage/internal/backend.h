// The seam between the store's logic (one implementation, internal/sql_store.cc) and a
// database driver. A backend runs named statements inside transactions; each backend holds
// its own SQL text for every statement (its dialect). Keeping all decisions above this seam
// is what makes the two backends behave identically.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/error.h"

namespace stroem::storage::internal {

// Every statement the store runs. Parameters are `$1`, `$2`, … in both dialects; the
// comment lists them. Where one statement does two things (a claim, a record), PostgreSQL
// uses a data-modifying WITH and SQLite runs two SQL statements: one round trip fewer. Timestamps
// are int64 microseconds since the Unix epoch on both sides.
enum class Statement {
  kMigrationLock,        // serialises concurrent migrators
  kSchemaVersion,        // -> max(version) or NULL
  kRecordVersion,        // $1 version, $2 now
  kInsertWorker,         // $1 id, $2 name, $3 capabilities JSON, $4 now
  kHeartbeatWorker,      // $1 id, $2 now
  kExtendWorkerLeases,   // $1 worker id, $2 expiry -> affected
  kListWorkers,          // -> worker columns
  kInsertJob,            // $1 id, $2 workspace, $3 task, $4 mode, $5 input, $6 source_type,
                         // $7 source_id, $8 now, $9 timeout_ms?, $10 deadline?, $11 number of
                         // steps (the job's count of unfinished steps) -> seq
  kInsertSteps,          // $1 job, $2 job_seq, $3 the steps as a JSON array (EncodeNewSteps):
                         // one statement for all of a job's steps, whatever their number
  kInsertDependencies,   // $1 job, $2 [[step, depends_on], ...] (EncodeDependencies)
  kGetJob,               // $1 job -> job columns
  kListJobs,             // $1 workspace?, $2 task?, $3 status?, $4 limit, $5 offset
  kCountActiveJobs,      // -> status, count: the pending and the running jobs
  kGetSteps,             // $1 job -> step columns in flow order
  kGetNamedSteps,        // $1 job, $2 JSON array of step names -> step columns in flow order
  kGetDependencies,      // $1 job -> step_name, depends_on
  kLockJob,              // $1 job -> status (row-locked until commit where supported)
  kLockJobStep,          // $1 job, $2 step -> job status, step status, step attempt_id (the
                         // step columns NULL if no such step); the job row-locked like kLockJob
  kClaimStep,            // $1 capabilities JSON, $2 worker, $3 now, $4 attempt id, $5 expiry,
                         // $6 a job known started? -> step columns, then has_dependents (1,
                         // or 0 if no other step depends on it); the step's job becomes
                         // running if still pending
  kClaimAfterRecord,     // kClaimStep's parameters and columns, then $7 job, $8 step, $9
                         // attempt id?: claims only if the current transaction recorded that
                         // step's result (after kRecordResult in one batch)
  kRecordResult,         // $1 job, $2 step, $3 status, $4 output, $5 error, $6 exit_code, $7 now,
                         // $8 attempt id?, $9 expired before? -> the job's status after it,
                         // the job's unfinished steps after it, the number of dependents that
                         // became ready; no row if nothing was recorded (or no such job or
                         // step). Compare-and-set: only a running step, of attempt
                         // $8 and with a lease before $9 when given. A recorded result counts
                         // down the job's unfinished steps (and counts up its failed ones) and,
                         // if completed, the remaining_deps of the pending dependents; those
                         // reaching 0 become ready. The record that takes the job's unfinished
                         // steps to 0 finishes the job (completed, or failed if one of its
                         // steps failed). A job that has ended (cancelled, timed out) counts
                         // nothing. The job row-locked like kLockJob, after the step's, before
                         // the dependents'
  kRecordLeafResult,     // kRecordResult for a step no other step depends on, or a failed
                         // result: the same parameters, columns and effects without the
                         // dependents' update (which would change nothing); 0 became ready
  kSkipDescendants,      // $1 job, $2 step, $3 now: pending descendants of $2 become skipped,
                         // only if $2 is failed; the job's unfinished steps count them down
  kFinishJobIfDone,      // $1 job, $2 now -> (0, status) if the job finished: it has no
                         // unfinished step (pending, ready, running) any more; failed if one of
                         // its steps failed
  kCancelClaimable,      // $1 job, $2 now -> affected: pending/ready steps become cancelled
  kCancelUnfinished,     // $1 job, $2 now, $3 error, $4 status -> affected: steps in status $4
                         // become cancelled with error $3 (rows locked elsewhere are skipped)
  kEndJob,               // $1 job, $2 status, $3 now: the job finishes with that status (its
                         // unfinished steps counted again: a running one may still report)
  kFindOverdue,          // $1 now -> job_id, timeout_ms of unfinished jobs past their deadline
  kFindRunningAttempts,  // $1 JSON array of attempt ids -> those that are running in an
                         // unfinished job
  kCompleteJob,          // $1 job, $2 output, $3 now (unfinished steps counted again)
  kExtendAttempt,        // $1 attempt id, $2 expiry -> affected
  kFindExpired,          // $1 now -> job_id, step_name, attempt_id
  kCount                 // number of statements, not a statement
};

// A parameter: NULL, text or integer. Drivers bind text as text and integers as int64.
using Param = std::variant<std::monostate, std::string, std::int64_t>;
using Value = std::optional<std::string>;  // a column value as text; nullopt is NULL
using Row = std::vector<Value>;

struct QueryResult {
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// One statement with its parameters, for a batch.
struct Call {
  Statement statement;
  std::vector<Param> params;
};

// One connection inside an open transaction. Not thread-safe; used by one call at a time.
class Session {
 public:
  virtual ~Session() = default;
  virtual Result<QueryResult> Run(Statement statement, std::span<const Param> params) = 0;
  // Runs a multi-statement script without parameters (migrations).
  virtual Result<void> RunScript(const std::string& sql) = 0;
};

enum class TxMode { kRead, kWrite };

// A database: a pool of sessions and the backend's migrations. Thread-safe.
class Backend {
 public:
  virtual ~Backend() = default;
  // Opens the first connection, so a bad URL or file fails at start rather than first use.
  virtual Result<void> Connect() = 0;
  // Runs `body` in one transaction: committed if it returns success, rolled back otherwise.
  // Driver failures come back as kUnavailable (connection, lock timeout) or kInternal.
  virtual Result<void> Transact(TxMode mode, const std::function<Result<void>(Session&)>& body) = 0;
  // Runs `calls` in order as one write transaction (all or nothing) and returns their
  // results. No call can see an earlier call's result except through the database: a
  // backend may send them all at once (PostgreSQL: one pipeline, one round trip). The
  // default runs them one by one inside Transact.
  virtual Result<std::vector<QueryResult>> TransactBatch(std::span<const Call> calls);
  // The same for reads only (GetJob): the default runs them in one read transaction, so
  // SQLite readers never take the write lock; PostgreSQL sends one pipeline.
  virtual Result<std::vector<QueryResult>> ReadBatch(std::span<const Call> calls);
  // Migration scripts, index i = schema version i + 1. Never edit a released one.
  virtual std::span<const char* const> Migrations() const = 0;
  // The backend's schema-version table DDL, run before reading the version.
  virtual const char* VersionTableDdl() const = 0;
  // What to call the database in messages (the redacted URL or the file path).
  virtual const std::string& Name() const = 0;
  // Whether a call costs a round trip to a database server, so that a batch saves some
  // (PostgreSQL), rather than running in-process (SQLite).
  virtual bool CallsCostRoundTrips() const { return false; }
};

}  // namespace stroem::storage::internal
