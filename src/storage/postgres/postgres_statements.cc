// PostgreSQL text of every Statement (see internal/backend.h for parameters and columns).
// Parameters arrive as text; the casts give them their types.
#include <array>

#include "storage/postgres/postgres_sql.h"

namespace stroem::storage::postgres {
namespace {

using internal::Statement;

// Timestamps cross the seam as int64 microseconds. These are the bodies of the schema's
// stroem_us()/stroem_ts(), written out: those SQL functions are never inlined (their bodies
// are only STABLE), so each call was planned afresh on every execution, ~15 µs apiece and
// five of them in a claim (docs/performance.md).
#define US(t) "(extract(epoch FROM " t ") * 1000000)::int8"
#define TS(n) "(timestamptz 'epoch' + $" #n "::int8 * interval '1 microsecond')"
// clang-format off
#define STEP_COLUMNS                                                                          \
  "s.job_id::text, s.step_name, s.flow_index, s.action_name, s.action_type, s.action_image, " \
  "s.action_spec::text, s.input::text, s.output::text, s.status, s.worker_id::text, "         \
  US("s.started_at") ", " US("s.completed_at") ", s.error_message, s.exit_code, "             \
  "s.attempt, s.attempt_id::text, " US("s.lease_expires_at") ", s.timeout_ms"
#define JOB_COLUMNS                                                                           \
  "job_id::text, workspace, task_name, mode, input::text, output::text, status, "             \
  "source_type, source_id, " US("created_at") ", " US("started_at") ", "                      \
  US("completed_at") ", timeout_ms, " US("deadline_at")

// $1 job: its steps that can still run (pending, ready, running), counted afresh.
#define UNFINISHED_STEPS                                                            \
  "(SELECT count(*) FROM job_step WHERE job_id = $1::uuid AND status IN ('pending', " \
  "'ready', 'running'))"
// A completion's record: RECORDED, the compare-and-set, then COUNT, the job's counters (the
// job row locked) if it recorded, which finish the job when this record took its last
// unfinished step. A job that has already ended counts nothing (its counters stay as the
// end left them); ACTIVE reads the locked row's own status, so a job cancelled while this
// statement waited for its row is seen as cancelled. COUNT returns the columns of
// kRecordResult but the last (the ready count).
#define ACTIVE "(status IN ('pending', 'running'))::int"
#define FINISHES "unfinished_steps = 1 AND " ACTIVE " = 1"
#define RECORDED                                                                             \
  "WITH recorded AS (UPDATE job_step SET status = $3, output = $4::jsonb, "                 \
  "error_message = $5, exit_code = $6::int, completed_at = " TS(7) " "                      \
  "WHERE job_id = $1::uuid AND step_name = $2 AND status = 'running' "                      \
  "AND ($8::uuid IS NULL OR attempt_id = $8::uuid) "                                        \
  "AND ($9::int8 IS NULL OR lease_expires_at < " TS(9) ") RETURNING 1) "
#define COUNT                                                                                \
  "UPDATE job SET unfinished_steps = unfinished_steps - " ACTIVE ", "                        \
  "failed_steps = failed_steps + CASE WHEN $3 = 'failed' THEN " ACTIVE " ELSE 0 END, "      \
  "status = CASE WHEN " FINISHES " THEN CASE WHEN failed_steps > 0 OR $3 = 'failed' "       \
  "THEN 'failed' ELSE 'completed' END ELSE status END, "                                    \
  "completed_at = CASE WHEN " FINISHES " THEN " TS(7) " ELSE completed_at END "             \
  "WHERE job_id = $1::uuid AND EXISTS (SELECT 1 FROM recorded) "                            \
  "RETURNING status, unfinished_steps"
// kClaimStep, with `extra` as a further condition of the step found. The job is started by
// stroem_start_job (schema v7) from the returned columns, and only when it may still be
// pending: not for a retry (attempt > 1), nor for $6, a job the store saw started. A
// data-modifying WITH for it cost its executor set-up and finish at every claim, even one
// that started nothing (+2 % pairs per second with 4 clients without it, docs/performance.md).
#define CLAIM(extra)                                                                         \
  "UPDATE job_step SET status = 'running', worker_id = $2::uuid, "                           \
  "started_at = " TS(3) ", attempt_id = $4::uuid, lease_expires_at = " TS(5) ", "            \
  "attempt = attempt + 1 WHERE (job_id, step_name) = (SELECT job_id, step_name FROM job_step " \
  "WHERE status = 'ready' AND $1::jsonb ? action_type " extra                               \
  "ORDER BY job_seq, flow_index LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING job_id, "          \
  "step_name, flow_index, action_name, action_type, action_image, action_spec, input, "      \
  "NULL::text, 'running', $2::uuid, $3::int8, NULL::int8, NULL::text, NULL::int, attempt, "  \
  "$4::uuid, $5::int8, timeout_ms, has_dependents::int, CASE WHEN attempt > 1 OR "           \
  "job_id = $6::uuid THEN 0 ELSE stroem_start_job(job_id, " TS(3) ") END"
// clang-format on

struct Entry {
  Statement statement;
  const char* sql;
};

constexpr Entry kEntries[] = {
    {Statement::kMigrationLock,
     "SELECT pg_advisory_xact_lock(537072)"},  // any constant, one per app
    {Statement::kSchemaVersion, "SELECT max(version) FROM schema_version"},
    {Statement::kRecordVersion,
     "INSERT INTO schema_version (version, applied_at) VALUES ($1::int, " TS(2) ")"},
    {Statement::kInsertWorker,
     "INSERT INTO worker (worker_id, name, capabilities, last_heartbeat, registered_at) "
     "VALUES ($1::uuid, $2, $3::jsonb, " TS(4) ", " TS(4) ")"},
    {Statement::kHeartbeatWorker,
     "UPDATE worker SET last_heartbeat = " TS(2) " WHERE worker_id = $1::uuid"},
    {Statement::kExtendWorkerLeases,
     "UPDATE job_step SET lease_expires_at = " TS(2) " WHERE worker_id = $1::uuid "
                                                     "AND status = 'running'"},
    {Statement::kListWorkers,
     "SELECT worker_id::text, name, capabilities::text, status, " US("last_heartbeat") ", " US(
         "registered_at") " FROM worker ORDER BY registered_at, worker_id"},
    {Statement::kInsertJob,
     "INSERT INTO job (job_id, workspace, task_name, mode, input, source_type, source_id, "
     "created_at, timeout_ms, deadline_at, unfinished_steps) VALUES ($1::uuid, $2, $3, $4, "
     "$5::jsonb, $6, $7, " TS(8) ", $9::int8, " TS(10) ", $11::int) RETURNING seq"},
    {Statement::kInsertSteps,
     "INSERT INTO job_step (job_id, job_seq, step_name, flow_index, action_name, action_type, "
     "action_image, action_spec, input, status, timeout_ms, remaining_deps, has_dependents) "
     "SELECT $1::uuid, $2::int8, s->>'name', (s->>'index')::int, s->>'action', s->>'type', "
     "s->>'image', (s->>'spec')::jsonb, (s->>'input')::jsonb, s->>'status', "
     "(s->>'timeout_ms')::int8, (s->>'deps')::int, (s->>'dependents')::int::boolean "
     "FROM jsonb_array_elements($3::jsonb) AS s"},
    {Statement::kInsertDependencies,
     "INSERT INTO job_step_dependency (job_id, step_name, depends_on) "
     "SELECT $1::uuid, d->>0, d->>1 FROM jsonb_array_elements($2::jsonb) AS d"},
    {Statement::kGetJob, "SELECT " JOB_COLUMNS " FROM job WHERE job_id = $1::uuid"},
    {Statement::kListJobs,
     "SELECT " JOB_COLUMNS " FROM job WHERE ($1::text IS NULL OR workspace = $1::text) "
     "AND ($2::text IS NULL OR task_name = $2::text) "
     "AND ($3::text IS NULL OR status = $3::text) "
     "ORDER BY seq DESC LIMIT $4::int8 OFFSET $5::int8"},
    // By the job_status index: history (the finished jobs) is not read.
    {Statement::kCountActiveJobs,
     "SELECT status, count(*) FROM job WHERE status IN ('pending', 'running') GROUP BY status"},
    {Statement::kGetSteps,
     "SELECT " STEP_COLUMNS " FROM job_step s WHERE s.job_id = $1::uuid ORDER BY s.flow_index"},
    {Statement::kGetNamedSteps,
     "SELECT " STEP_COLUMNS " FROM job_step s WHERE s.job_id = $1::uuid "
     "AND s.step_name IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY s.flow_index"},
    {Statement::kGetDependencies,
     "SELECT step_name, depends_on FROM job_step_dependency WHERE job_id = $1::uuid "
     "ORDER BY step_name, depends_on"},
    // The row lock serialises completions within one job (see sql_store_steps.cc).
    {Statement::kLockJob, "SELECT status FROM job WHERE job_id = $1::uuid FOR UPDATE"},
    {Statement::kLockJobStep,
     "SELECT j.status, s.status, s.attempt_id::text FROM job j LEFT JOIN job_step s "
     "ON s.job_id = j.job_id AND s.step_name = $2 WHERE j.job_id = $1::uuid FOR UPDATE OF j"},
    // The step is found and locked by the sub-select (as a bare queue does) and updated by
    // its key. Its columns are returned as the update left them; those the claim itself set
    // are its parameters, and a step being claimed has no result yet. Then has_dependents,
    // which tells the store whether the step's completion needs kRecordResult, and the job
    // start (see CLAIM), which the store ignores.
    // clang-format off
    {Statement::kClaimStep, CLAIM("")},
    // xmin: the step's row was last written by this transaction, the record before it.
    {Statement::kClaimAfterRecord,
     CLAIM("AND EXISTS (SELECT 1 FROM job_step r WHERE r.job_id = $7::uuid AND r.step_name = $8 "
           "AND ($9::uuid IS NULL OR r.attempt_id = $9::uuid) "
           "AND r.xmin = pg_current_xact_id()::xid) ")},
    // The job row is written by every record (its lock serialises the completions of one
    // job), and the dependents are updated after it (EXISTS): no two completions lock them
    // in other orders.
    {Statement::kRecordResult,
     RECORDED ", locked AS (" COUNT "), promoted AS (UPDATE job_step SET remaining_deps = "
     "remaining_deps - 1, status = CASE WHEN remaining_deps = 1 THEN 'ready' ELSE 'pending' END "
     "WHERE job_id = $1::uuid AND status = 'pending' AND $3 = 'completed' "
     "AND EXISTS (SELECT 1 FROM locked) AND step_name IN "
     "(SELECT step_name FROM job_step_dependency WHERE job_id = $1::uuid AND depends_on = $2) "
     "RETURNING status) SELECT l.status, l.unfinished_steps, (SELECT count(*) FROM promoted "
     "WHERE status = 'ready') FROM locked l"},
    // Without `promoted`: a statement's data-modifying WITH costs its executor set-up even
    // when it changes nothing, and here it runs with the job row locked.
    {Statement::kRecordLeafResult, RECORDED COUNT ", 0"},
    // clang-format on
    {Statement::kSkipDescendants,
     "WITH RECURSIVE down(name) AS ("
     " SELECT step_name FROM job_step_dependency WHERE job_id = $1::uuid AND depends_on = $2"
     " UNION SELECT d.step_name FROM job_step_dependency d JOIN down ON d.depends_on = down.name"
     " WHERE d.job_id = $1::uuid), "
     "skipped AS (UPDATE job_step SET status = 'skipped', completed_at = " TS(3) " "
     "WHERE job_id = $1::uuid AND status = 'pending' AND step_name IN (SELECT name FROM down) "
     "AND EXISTS (SELECT 1 FROM job_step f WHERE f.job_id = $1::uuid AND f.step_name = $2 "
     "AND f.status = 'failed') RETURNING 1) "
     "UPDATE job SET unfinished_steps = unfinished_steps - (SELECT count(*) FROM skipped) "
     "WHERE job_id = $1::uuid AND EXISTS (SELECT 1 FROM skipped)"},
    {Statement::kFinishJobIfDone,
     "UPDATE job SET completed_at = " TS(2) ", status = CASE WHEN failed_steps > 0 "
     "THEN 'failed' ELSE 'completed' END WHERE job_id = $1::uuid "
     "AND status IN ('pending', 'running') AND unfinished_steps = 0 RETURNING 0, status"},
    // SKIP LOCKED: a row locked now is being claimed (it will be running, and running steps
    // are left alone); waiting for it could deadlock with the claim's kMarkJobRunning.
    {Statement::kCancelClaimable,
     "UPDATE job_step SET status = 'cancelled', completed_at = " TS(
         2) " WHERE (job_id, "
            "step_name) IN (SELECT job_id, step_name FROM job_step WHERE job_id = $1::uuid "
            "AND status IN ('pending', 'ready') FOR UPDATE SKIP LOCKED)"},
    // SKIP LOCKED as in kCancelClaimable: the job row is locked first here, completions and
    // claims lock a step row first. A skipped running step is one whose worker is reporting
    // (its result lands after us and changes nothing else) or extending its lease (it stays
    // running in a finished job, which AttemptsToStop tells its worker to stop).
    {Statement::kCancelUnfinished,
     "UPDATE job_step SET status = 'cancelled', completed_at = " TS(
         2) ", error_message = $3 "
            "WHERE (job_id, step_name) IN (SELECT job_id, step_name FROM job_step "
            "WHERE job_id = $1::uuid AND status = $4 FOR UPDATE SKIP LOCKED)"},
    {Statement::kEndJob,
     "UPDATE job SET status = $2, completed_at = " TS(3) ", unfinished_steps = " UNFINISHED_STEPS
     " WHERE job_id = $1::uuid"},
    {Statement::kFindOverdue,
     "SELECT job_id::text, timeout_ms FROM job WHERE status IN ('pending', 'running') "
     "AND deadline_at < " TS(1) " ORDER BY deadline_at"},
    {Statement::kFindRunningAttempts,
     "SELECT s.attempt_id::text FROM job_step s JOIN job j ON j.job_id = s.job_id "
     "WHERE s.attempt_id IN (SELECT a::uuid FROM jsonb_array_elements_text($1::jsonb) a) "
     "AND s.status = 'running' AND j.status IN ('pending', 'running')"},
    {Statement::kCompleteJob,
     "UPDATE job SET status = 'completed', output = $2::jsonb, completed_at = " TS(3) ", "
     "unfinished_steps = " UNFINISHED_STEPS " WHERE job_id = $1::uuid"},
    {Statement::kExtendAttempt,
     "UPDATE job_step SET lease_expires_at = " TS(2) " WHERE attempt_id = $1::uuid "
                                                     "AND status = 'running'"},
    {Statement::kFindExpired,
     "SELECT job_id::text, step_name, attempt_id::text FROM job_step WHERE status = 'running' "
     "AND lease_expires_at < " TS(1) " ORDER BY lease_expires_at"},
};

constexpr auto kTable = [] {
  std::array<const char*, static_cast<size_t>(Statement::kCount)> table{};
  for (const auto& e : kEntries) table[static_cast<size_t>(e.statement)] = e.sql;
  return table;
}();
static_assert(std::size(kEntries) == static_cast<size_t>(Statement::kCount),
              "every Statement needs PostgreSQL text");

}  // namespace

const char* StatementSql(Statement statement) {
  return kTable[static_cast<size_t>(statement)];
}

}  // namespace stroem::storage::postgres
