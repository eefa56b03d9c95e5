// PostgreSQL schema history. Released migrations are never edited: add a new one instead.
// Column names follow the seed (contract §8); timestamps cross the Backend seam as int64
// microseconds through stroem_ts()/stroem_us().
#include "storage/postgres/postgres_sql.h"

namespace stroem::storage::postgres {
namespace {

constexpr const char* kV1 = R"sql(
CREATE FUNCTION stroem_ts(micros bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT timestamptz 'epoch' + micros * interval '1 microsecond' $$;
CREATE FUNCTION stroem_us(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;
CREATE TABLE worker (
  worker_id      uuid PRIMARY KEY,
  name           text NOT NULL,
  capabilities   jsonb NOT NULL DEFAULT '["shell"]',
  last_heartbeat timestamptz,
  registered_at  timestamptz NOT NULL DEFAULT now(),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive'))
);
CREATE TABLE job (
  seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- FIFO claim order
  job_id       uuid PRIMARY KEY,
  workspace    text NOT NULL DEFAULT 'default',
  task_name    text NOT NULL,
  mode         text NOT NULL DEFAULT 'distributed' CHECK (mode IN ('local', 'distributed')),
  input        jsonb,
  output       jsonb,
  status       text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  source_type  text NOT NULL CHECK (source_type IN ('trigger', 'user', 'api', 'webhook')),
  source_id    text,
  revision     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  completed_at timestamptz
);
CREATE INDEX job_status ON job (status);
CREATE INDEX job_workspace_task ON job (workspace, task_name);
CREATE TABLE job_step (
  job_id           uuid NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
  step_name        text NOT NULL,
  job_seq          bigint NOT NULL,  -- copy of job.seq so the claim needs no join
  flow_index       integer NOT NULL,
  action_name      text NOT NULL,
  action_type      text NOT NULL DEFAULT 'shell',
  action_image     text,
  action_spec      jsonb,
  input            jsonb,
  output           jsonb,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN
                   ('pending', 'ready', 'running', 'completed', 'failed', 'skipped', 'cancelled')),
  worker_id        uuid,
  started_at       timestamptz,
  completed_at     timestamptz,
  error_message    text,
  exit_code        integer,
  attempt          integer NOT NULL DEFAULT 0,
  attempt_id       uuid,
  lease_expires_at timestamptz,
  PRIMARY KEY (job_id, step_name)
);
CREATE INDEX job_step_ready ON job_step (job_seq, flow_index) WHERE status = 'ready';
CREATE INDEX job_step_lease ON job_step (lease_expires_at) WHERE status = 'running';
CREATE INDEX job_step_worker ON job_step (worker_id) WHERE status = 'running';
CREATE INDEX job_step_attempt ON job_step (attempt_id);
CREATE TABLE job_step_dependency (
  job_id     uuid NOT NULL,
  step_name  text NOT NULL,
  depends_on text NOT NULL,
  PRIMARY KEY (job_id, step_name, depends_on),
  FOREIGN KEY (job_id, step_name) REFERENCES job_step (job_id, step_name) ON DELETE CASCADE
);
CREATE INDEX job_step_dependency_up ON job_step_dependency (job_id, depends_on);
)sql";

// Timeouts: a step's process limit, a job's task limit and the deadline derived from it.
constexpr const char* kV2 = R"sql(
ALTER TABLE job ADD COLUMN timeout_ms bigint;
ALTER TABLE job ADD COLUMN deadline_at timestamptz;
CREATE INDEX job_deadline ON job (deadline_at) WHERE status IN ('pending', 'running');
ALTER TABLE job_step ADD COLUMN timeout_ms bigint;
)sql";

// Fewer index writes per claim and completion (docs/performance.md): the attempt, worker
// and lease indexes were written by every claim and the first two by every completion.
// One partial index on running steps serves all three lookups: attempts by id, a worker's
// steps and the lease sweep scan it (the running set is one row per busy worker slot).
// The deadline index leaves out jobs without a deadline: their status changes no longer
// write it. Counters make a completion's cost independent of the job's size: a step's
// remaining_deps (dependencies not yet completed; ready at 0) replaces the scan of its
// dependencies' rows, a job's unfinished_steps (pending, ready, running) and failed_steps
// replace the finish's scans of its steps. Jobs in flight get them counted here.
constexpr const char* kV3 = R"sql(
DROP INDEX job_step_attempt;
DROP INDEX job_step_worker;
DROP INDEX job_step_lease;
CREATE INDEX job_step_running ON job_step (attempt_id, worker_id) WHERE status = 'running';
DROP INDEX job_deadline;
CREATE INDEX job_deadline ON job (deadline_at)
  WHERE deadline_at IS NOT NULL AND status IN ('pending', 'running');
ALTER TABLE job_step ADD COLUMN remaining_deps integer NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN unfinished_steps integer NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN failed_steps integer NOT NULL DEFAULT 0;
UPDATE job_step SET remaining_deps = (SELECT count(*) FROM job_step_dependency d
  JOIN job_step p ON p.job_id = d.job_id AND p.step_name = d.depends_on
  WHERE d.job_id = job_step.job_id AND d.step_name = job_step.step_name
  AND p.status <> 'completed') WHERE status = 'pending';
UPDATE job SET unfinished_steps = (SELECT count(*) FROM job_step s WHERE s.job_id = job.job_id
  AND s.status IN ('pending', 'ready', 'running')), failed_steps = (SELECT count(*)
  FROM job_step s WHERE s.job_id = job.job_id AND s.status = 'failed')
  WHERE status IN ('pending', 'running');
)sql";

// No CHECK constraints on the rows every claim and completion writes. PostgreSQL (before 18)
// parses each of a table's CHECK expressions from its stored text at every statement that
// writes a row of it (ExecRelCheck: stringToNode + ExecPrepareExpr, 4-6 µs apiece); a claim
// and a completion wrote job_step twice and job once, 5 parses per pair, ~20 µs of its ~100
// µs of SQL (docs/performance.md). Statuses are only ever written by the store's own
// statements; mode and source type, which come from callers, are checked by CreateJob
// (ValidateNewJob) before anything is written, on both backends.
constexpr const char* kV4 = R"sql(
ALTER TABLE job_step DROP CONSTRAINT IF EXISTS job_step_status_check;
ALTER TABLE job DROP CONSTRAINT IF EXISTS job_status_check;
ALTER TABLE job DROP CONSTRAINT IF EXISTS job_mode_check;
ALTER TABLE job DROP CONSTRAINT IF EXISTS job_source_type_check;
)sql";

// Version 5 rebuilds SQLite's job_step for a cheaper status CHECK (sqlite_migrations.cc);
// PostgreSQL has had no such CHECK since version 4. Kept in step with SQLite's.
constexpr const char* kV5 = "SELECT 1;";

// Version 6: whether other steps depend on a step, set at creation. A claim returns it, and
// the store records the result of a step without dependents without the dependents'
// update: reading the dependencies in the claim instead cost ~6 % with 4 clients, most of
// what the leaner record saves (docs/performance.md). Steps created before it count as having some
// (their completion reads the dependencies, as before). No rewrite: the default is constant.
constexpr const char* kV6 =
    "ALTER TABLE job_step ADD COLUMN has_dependents boolean NOT NULL DEFAULT true;";

// Version 7: a claim starts its job through this function, called from the claim's
// RETURNING only when the job may still be pending (kClaimStep), instead of a
// data-modifying WITH that every claim paid for. `IS TRUE` keeps the status out of the
// index conditions (the planner trap of kClaimStep).
constexpr const char* kV7 = R"sql(
CREATE FUNCTION stroem_start_job(start_job uuid, start_at timestamptz) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  UPDATE job SET status = 'running', started_at = start_at
    WHERE job_id = start_job AND (status = 'pending') IS TRUE;
  RETURN 0;
END
$$;
)sql";

constexpr const char* kMigrations[] = {kV1, kV2, kV3, kV4, kV5, kV6, kV7};

}  // namespace

std::span<const char* const> Migrations() {
  return kMigrations;
}

}  // namespace stroem::storage::postgres
