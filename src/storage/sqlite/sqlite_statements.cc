// SQLite text of every Statement (see internal/backend.h for parameters and columns).
#include <array>

#include "storage/sqlite/sqlite_sql.h"

namespace stroem::storage::sqlite {
namespace {

using internal::Statement;

#define STEP_COLUMNS                                                                       \
  "job_id, step_name, flow_index, action_name, action_type, action_image, action_spec, "   \
  "input, output, status, worker_id, started_at, completed_at, error_message, exit_code, " \
  "attempt, attempt_id, lease_expires_at, timeout_ms"
#define JOB_COLUMNS                                                                     \
  "job_id, workspace, task_name, mode, input, output, status, source_type, source_id, " \
  "created_at, started_at, completed_at, timeout_ms, deadline_at"

// $1 job: its steps that can still run (pending, ready, running), counted afresh.
#define UNFINISHED_STEPS                                                                     \
  "(SELECT count(*) FROM job_step WHERE job_id = $1 AND status IN ('pending', 'ready', " \
  "'running'))"
// $1 job, $2 step: the pending steps that depend on it.
#define PENDING_DEPENDENTS                                                                  \
  "job_id = $1 AND status = 'pending' AND step_name IN (SELECT step_name FROM "           \
  "job_step_dependency WHERE job_id = $1 AND depends_on = $2)"

// kRecordResult's first two statements: the compare-and-set record, then the job's counters
// if it recorded (a job that has already ended keeps its counters as the end left them).
// RECORD_ROW: the job's status as FINISH leaves it (a record that took the job's last
// unfinished step finishes it), its unfinished steps; only if the result was recorded.
// FINISH is a statement of its own, after the row: an UPDATE that names `status` rewrites
// the job's status index entry even when the value stays, and most records do not finish.
#define ACTIVE "status IN ('pending', 'running')"
#define RECORD_AND_COUNT                                                                    \
  "UPDATE job_step SET status = $3, output = $4, error_message = $5, exit_code = $6, "     \
  "completed_at = $7 WHERE job_id = $1 AND step_name = $2 AND status = 'running' "         \
  "AND ($8 IS NULL OR attempt_id = $8) AND ($9 IS NULL OR lease_expires_at < $9);"         \
  "UPDATE job SET unfinished_steps = unfinished_steps - (" ACTIVE "), "                    \
  "failed_steps = failed_steps + ($3 = 'failed' AND " ACTIVE ") "                          \
  "WHERE job_id = $1 AND changes() = 1;"
#define RECORD_ROW                                                                          \
  "SELECT CASE WHEN unfinished_steps = 0 AND " ACTIVE " THEN CASE WHEN failed_steps > 0 "  \
  "THEN 'failed' ELSE 'completed' END ELSE status END, unfinished_steps"
#define FINISH                                                                              \
  "UPDATE job SET completed_at = $7, status = CASE WHEN failed_steps > 0 THEN 'failed' "   \
  "ELSE 'completed' END WHERE job_id = $1 AND " ACTIVE " AND unfinished_steps = 0"

struct Entry {
  Statement statement;
  const char* sql;
};

constexpr Entry kEntries[] = {
    {Statement::kMigrationLock, "SELECT 1"},  // BEGIN IMMEDIATE already excludes others
    {Statement::kSchemaVersion, "SELECT max(version) FROM schema_version"},
    {Statement::kRecordVersion, "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)"},
    {Statement::kInsertWorker,
     "INSERT INTO worker (worker_id, name, capabilities, last_heartbeat, registered_at) "
     "VALUES ($1, $2, $3, $4, $4)"},
    {Statement::kHeartbeatWorker, "UPDATE worker SET last_heartbeat = $2 WHERE worker_id = $1"},
    {Statement::kExtendWorkerLeases,
     "UPDATE job_step SET lease_expires_at = $2 WHERE worker_id = $1 AND status = 'running'"},
    {Statement::kListWorkers,
     "SELECT worker_id, name, capabilities, status, last_heartbeat, registered_at FROM worker "
     "ORDER BY registered_at, worker_id"},
    {Statement::kInsertJob,
     "INSERT INTO job (job_id, workspace, task_name, mode, input, source_type, source_id, "
     "created_at, timeout_ms, deadline_at, unfinished_steps) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq"},
    {Statement::kInsertSteps,
     "INSERT INTO job_step (job_id, job_seq, step_name, flow_index, action_name, action_type, "
     "action_image, action_spec, input, status, timeout_ms, remaining_deps, has_dependents) "
     "SELECT $1, $2, value ->> 'name', value ->> 'index', value ->> 'action', value ->> 'type', "
     "value ->> 'image', value ->> 'spec', value ->> 'input', value ->> 'status', "
     "value ->> 'timeout_ms', value ->> 'deps', value ->> 'dependents' FROM json_each($3)"},
    {Statement::kInsertDependencies,
     "INSERT INTO job_step_dependency (job_id, step_name, depends_on) "
     "SELECT $1, value ->> 0, value ->> 1 FROM json_each($2)"},
    {Statement::kGetJob, "SELECT " JOB_COLUMNS " FROM job WHERE job_id = $1"},
    {Statement::kListJobs, "SELECT " JOB_COLUMNS " FROM job WHERE ($1 IS NULL OR workspace = $1) "
                           "AND ($2 IS NULL OR task_name = $2) AND ($3 IS NULL OR status = $3) "
                           "ORDER BY seq DESC LIMIT $4 OFFSET $5"},
    // By the job_status index: history (the finished jobs) is not read.
    {Statement::kCountActiveJobs,
     "SELECT status, count(*) FROM job WHERE status IN ('pending', 'running') GROUP BY status"},
    {Statement::kGetSteps,
     "SELECT " STEP_COLUMNS " FROM job_step WHERE job_id = $1 ORDER BY flow_index"},
    {Statement::kGetNamedSteps,
     "SELECT " STEP_COLUMNS " FROM job_step WHERE job_id = $1 "
     "AND step_name IN (SELECT value FROM json_each($2)) ORDER BY flow_index"},
    {Statement::kGetDependencies,
     "SELECT step_name, depends_on FROM job_step_dependency WHERE job_id = $1 "
     "ORDER BY step_name, depends_on"},
    {Statement::kLockJob, "SELECT status FROM job WHERE job_id = $1"},
    {Statement::kLockJobStep,
     "SELECT j.status, s.status, s.attempt_id FROM job j LEFT JOIN job_step s "
     "ON s.job_id = j.job_id AND s.step_name = $2 WHERE j.job_id = $1"},
    {Statement::kClaimStep,
     "UPDATE job_step SET status = 'running', worker_id = $2, started_at = $3, "
     "attempt_id = $4, lease_expires_at = $5, attempt = attempt + 1 "
     "WHERE rowid = (SELECT rowid FROM job_step WHERE status = 'ready' "
     "AND EXISTS (SELECT 1 FROM json_each($1) WHERE value = action_type) "
     "ORDER BY job_seq, flow_index LIMIT 1);"
     "SELECT " STEP_COLUMNS ", has_dependents FROM job_step WHERE attempt_id = $4 "
     "AND status = 'running';"
     "UPDATE job SET status = 'running', started_at = $3 WHERE status = 'pending' "
     "AND job_id = (SELECT job_id FROM job_step WHERE attempt_id = $4 AND status = 'running')"},
    // In-process, CompleteStepAndClaim runs CompleteStep and ClaimStep (no round trip to
    // save), and SQLite cannot tell which transaction last wrote a row.
    {Statement::kClaimAfterRecord, "SELECT stroem_claim_after_record_is_postgresql_only()"},
    // changes(): the rows the last INSERT/UPDATE/DELETE before changed, whether the result
    // was recorded (0 or 1) until the dependents' update; the job's update keeps it (its row
    // exists when a step's result was recorded). The ready count is taken before that update:
    // the pending dependents of a completed step with one dependency left.
    {Statement::kRecordResult,
     RECORD_AND_COUNT RECORD_ROW ", CASE WHEN $3 = 'completed' THEN "
     "(SELECT count(*) FROM job_step_dependency d JOIN job_step p "
     "ON p.job_id = d.job_id AND p.step_name = d.step_name WHERE d.job_id = $1 "
     "AND d.depends_on = $2 AND p.status = 'pending' AND p.remaining_deps = 1) ELSE 0 END "
     "FROM job WHERE job_id = $1 AND changes() = 1;"
     "UPDATE job_step SET remaining_deps = remaining_deps - 1, status = CASE "
     "WHEN remaining_deps = 1 THEN 'ready' ELSE 'pending' END WHERE changes() = 1 "
     "AND $3 = 'completed' AND " PENDING_DEPENDENTS ";" FINISH},
    // The dependents' update builds a temporary b-tree for its IN (SELECT …) even when
    // there is nothing to update.
    {Statement::kRecordLeafResult,
     RECORD_AND_COUNT RECORD_ROW ", 0 FROM job WHERE job_id = $1 AND changes() = 1;" FINISH},
    // changes() in the second: the steps the first skipped.
    {Statement::kSkipDescendants,
     "WITH RECURSIVE down(name) AS ("
     " SELECT step_name FROM job_step_dependency WHERE job_id = $1 AND depends_on = $2"
     " UNION SELECT d.step_name FROM job_step_dependency d JOIN down ON d.depends_on = down.name"
     " WHERE d.job_id = $1) "
     "UPDATE job_step SET status = 'skipped', completed_at = $3 WHERE job_id = $1 "
     "AND status = 'pending' AND step_name IN (SELECT name FROM down) AND EXISTS (SELECT 1 "
     "FROM job_step f WHERE f.job_id = $1 AND f.step_name = $2 AND f.status = 'failed');"
     "UPDATE job SET unfinished_steps = unfinished_steps - changes() "
     "WHERE job_id = $1 AND changes() > 0"},
    {Statement::kFinishJobIfDone,
     "UPDATE job SET completed_at = $2, status = CASE WHEN failed_steps > 0 THEN 'failed' "
     "ELSE 'completed' END WHERE job_id = $1 AND status IN ('pending', 'running') "
     "AND unfinished_steps = 0;"
     "SELECT 0, status FROM job WHERE job_id = $1 AND changes() = 1"},
    {Statement::kCancelClaimable,
     "UPDATE job_step SET status = 'cancelled', completed_at = $2 WHERE job_id = $1 "
     "AND status IN ('pending', 'ready')"},
    {Statement::kCancelUnfinished,
     "UPDATE job_step SET status = 'cancelled', completed_at = $2, error_message = $3 "
     "WHERE job_id = $1 AND status = $4"},
    {Statement::kEndJob,
     "UPDATE job SET status = $2, completed_at = $3, unfinished_steps = " UNFINISHED_STEPS
     " WHERE job_id = $1"},
    {Statement::kFindOverdue,
     "SELECT job_id, timeout_ms FROM job WHERE status IN ('pending', 'running') "
     "AND deadline_at < $1 ORDER BY deadline_at"},
    {Statement::kFindRunningAttempts,
     "SELECT s.attempt_id FROM job_step s JOIN job j ON j.job_id = s.job_id "
     "WHERE s.attempt_id IN (SELECT value FROM json_each($1)) AND s.status = 'running' "
     "AND j.status IN ('pending', 'running')"},
    {Statement::kCompleteJob,
     "UPDATE job SET status = 'completed', output = $2, completed_at = $3, "
     "unfinished_steps = " UNFINISHED_STEPS " WHERE job_id = $1"},
    {Statement::kExtendAttempt,
     "UPDATE job_step SET lease_expires_at = $2 WHERE attempt_id = $1 AND status = 'running'"},
    {Statement::kFindExpired,
     "SELECT job_id, step_name, attempt_id FROM job_step WHERE status = 'running' "
     "AND lease_expires_at < $1 ORDER BY lease_expires_at"},
};

constexpr auto kTable = [] {
  std::array<const char*, static_cast<size_t>(Statement::kCount)> table{};
  for (const auto& e : kEntries) table[static_cast<size_t>(e.statement)] = e.sql;
  return table;
}();
static_assert(std::size(kEntries) == static_cast<size_t>(Statement::kCount),
              "every Statement needs SQLite text");

}  // namespace

const char* StatementSql(Statement statement) {
  return kTable[static_cast<size_t>(statement)];
}

}  // namespace stroem::storage::sqlite
