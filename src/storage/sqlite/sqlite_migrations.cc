// SQLite schema history. Released migrations are never edited: add a new one instead.
// Timestamps are INTEGER microseconds since the Unix epoch; JSON columns are TEXT checked
// with json_valid so bad JSON is refused exactly as PostgreSQL's jsonb refuses it.
#include "storage/sqlite/sqlite_sql.h"

namespace stroem::storage::sqlite {
namespace {

constexpr const char* kV1 = R"sql(
CREATE TABLE worker (
  worker_id      TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  capabilities   TEXT NOT NULL DEFAULT '["shell"]' CHECK (json_valid(capabilities)),
  last_heartbeat INTEGER,
  registered_at  INTEGER NOT NULL,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive'))
);
CREATE TABLE job (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,  -- FIFO claim order; never a UUID
  job_id       TEXT NOT NULL UNIQUE,
  workspace    TEXT NOT NULL DEFAULT 'default',
  task_name    TEXT NOT NULL,
  mode         TEXT NOT NULL DEFAULT 'distributed' CHECK (mode IN ('local', 'distributed')),
  input        TEXT CHECK (input IS NULL OR json_valid(input)),
  output       TEXT CHECK (output IS NULL OR json_valid(output)),
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  source_type  TEXT NOT NULL CHECK (source_type IN ('trigger', 'user', 'api', 'webhook')),
  source_id    TEXT,
  revision     TEXT,
  created_at   INTEGER NOT NULL,
  started_at   INTEGER,
  completed_at INTEGER
);
CREATE INDEX job_status ON job (status);
CREATE INDEX job_workspace_task ON job (workspace, task_name);
CREATE TABLE job_step (
  job_id           TEXT NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
  step_name        TEXT NOT NULL,
  job_seq          INTEGER NOT NULL,  -- copy of job.seq so the claim needs no join
  flow_index       INTEGER NOT NULL,
  action_name      TEXT NOT NULL,
  action_type      TEXT NOT NULL DEFAULT 'shell',
  action_image     TEXT,
  action_spec      TEXT CHECK (action_spec IS NULL OR json_valid(action_spec)),
  input            TEXT CHECK (input IS NULL OR json_valid(input)),
  output           TEXT CHECK (output IS NULL OR json_valid(output)),
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                   ('pending', 'ready', 'running', 'completed', 'failed', 'skipped', 'cancelled')),
  worker_id        TEXT,
  started_at       INTEGER,
  completed_at     INTEGER,
  error_message    TEXT,
  exit_code        INTEGER,
  attempt          INTEGER NOT NULL DEFAULT 0,
  attempt_id       TEXT,
  lease_expires_at INTEGER,
  PRIMARY KEY (job_id, step_name)
);
CREATE INDEX job_step_ready ON job_step (job_seq, flow_index) WHERE status = 'ready';
CREATE INDEX job_step_lease ON job_step (lease_expires_at) WHERE status = 'running';
CREATE INDEX job_step_worker ON job_step (worker_id) WHERE status = 'running';
CREATE INDEX job_step_attempt ON job_step (attempt_id);
CREATE TABLE job_step_dependency (
  job_id     TEXT NOT NULL,
  step_name  TEXT NOT NULL,
  depends_on TEXT NOT NULL,
  PRIMARY KEY (job_id, step_name, depends_on),
  FOREIGN KEY (job_id, step_name) REFERENCES job_step (job_id, step_name) ON DELETE CASCADE
);
CREATE INDEX job_step_dependency_up ON job_step_dependency (job_id, depends_on);
)sql";

// Timeouts: a step's process limit, a job's task limit and the deadline derived from it.
constexpr const char* kV2 = R"sql(
ALTER TABLE job ADD COLUMN timeout_ms INTEGER;
ALTER TABLE job ADD COLUMN deadline_at INTEGER;
CREATE INDEX job_deadline ON job (deadline_at) WHERE status IN ('pending', 'running');
ALTER TABLE job_step ADD COLUMN timeout_ms INTEGER;
)sql";

// One partial index on running steps instead of the attempt, worker and lease indexes: a
// claim and completion wrote ~10 pages, now ~6 (why: postgres_migrations.cc, version 3);
// jobs without a deadline stay out of the deadline index. The dependency and step counters
// of postgres_migrations.cc, version 3, counted here for jobs in flight. The dependents
// index covers the step names: SQLite preferred the covering primary key, whose job_id
// prefix is all of the job's dependency rows (a scan at every completion).
constexpr const char* kV3 = R"sql(
DROP INDEX job_step_attempt;
DROP INDEX job_step_worker;
DROP INDEX job_step_lease;
CREATE INDEX job_step_running ON job_step (attempt_id, worker_id) WHERE status = 'running';
DROP INDEX job_deadline;
CREATE INDEX job_deadline ON job (deadline_at)
  WHERE deadline_at IS NOT NULL AND status IN ('pending', 'running');
DROP INDEX job_step_dependency_up;
CREATE INDEX job_step_dependency_up ON job_step_dependency (job_id, depends_on, step_name);
ALTER TABLE job_step ADD COLUMN remaining_deps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN unfinished_steps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN failed_steps INTEGER NOT NULL DEFAULT 0;
UPDATE job_step SET remaining_deps = (SELECT count(*) FROM job_step_dependency d
  JOIN job_step p ON p.job_id = d.job_id AND p.step_name = d.depends_on
  WHERE d.job_id = job_step.job_id AND d.step_name = job_step.step_name
  AND p.status <> 'completed') WHERE status = 'pending';
UPDATE job SET unfinished_steps = (SELECT count(*) FROM job_step s WHERE s.job_id = job.job_id
  AND s.status IN ('pending', 'ready', 'running')), failed_steps = (SELECT count(*)
  FROM job_step s WHERE s.job_id = job.job_id AND s.status = 'failed')
  WHERE status IN ('pending', 'running');
)sql";

// Version 4 drops PostgreSQL's CHECK constraints on job and job_step (why:
// postgres_migrations.cc). SQLite compiles its checks into each prepared statement and
// evaluates one only when its column changes; dropping them would rebuild both tables. The
// version is kept in step with PostgreSQL's.
constexpr const char* kV4 = "SELECT 1;";

// Version 5 rebuilds job_step with its status CHECK written as ORs: SQLite evaluates a
// constant IN list of more than two values by building a temporary b-tree at every
// statement that changes the column (a claim, a record, a promotion: ~1.8 µs each); the ORs
// cost nothing measurable. Same values, same columns, rowids, indexes and rows. DROP TABLE
// with foreign keys on deletes the rows first and cascades to the dependency rows, so
// those are kept aside and the dependency table is rebuilt too (as versions 1 and 3 left it).
constexpr const char* kV5 = R"sql(
CREATE TEMP TABLE v5_dependency AS SELECT job_id, step_name, depends_on FROM job_step_dependency;
DROP TABLE job_step_dependency;
CREATE TABLE job_step_v5 (
  job_id           TEXT NOT NULL REFERENCES job (job_id) ON DELETE CASCADE,
  step_name        TEXT NOT NULL,
  job_seq          INTEGER NOT NULL,  -- copy of job.seq so the claim needs no join
  flow_index       INTEGER NOT NULL,
  action_name      TEXT NOT NULL,
  action_type      TEXT NOT NULL DEFAULT 'shell',
  action_image     TEXT,
  action_spec      TEXT CHECK (action_spec IS NULL OR json_valid(action_spec)),
  input            TEXT CHECK (input IS NULL OR json_valid(input)),
  output           TEXT CHECK (output IS NULL OR json_valid(output)),
  status           TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending'
                   OR status = 'ready' OR status = 'running' OR status = 'completed'
                   OR status = 'failed' OR status = 'skipped' OR status = 'cancelled'),
  worker_id        TEXT,
  started_at       INTEGER,
  completed_at     INTEGER,
  error_message    TEXT,
  exit_code        INTEGER,
  attempt          INTEGER NOT NULL DEFAULT 0,
  attempt_id       TEXT,
  lease_expires_at INTEGER,
  timeout_ms       INTEGER,
  remaining_deps   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (job_id, step_name)
);
INSERT INTO job_step_v5 (rowid, job_id, step_name, job_seq, flow_index, action_name,
  action_type, action_image, action_spec, input, output, status, worker_id, started_at,
  completed_at, error_message, exit_code, attempt, attempt_id, lease_expires_at, timeout_ms,
  remaining_deps)
SELECT rowid, job_id, step_name, job_seq, flow_index, action_name, action_type, action_image,
  action_spec, input, output, status, worker_id, started_at, completed_at, error_message,
  exit_code, attempt, attempt_id, lease_expires_at, timeout_ms, remaining_deps FROM job_step;
DROP TABLE job_step;
ALTER TABLE job_step_v5 RENAME TO job_step;
CREATE INDEX job_step_ready ON job_step (job_seq, flow_index) WHERE status = 'ready';
CREATE INDEX job_step_running ON job_step (attempt_id, worker_id) WHERE status = 'running';
CREATE TABLE job_step_dependency (
  job_id     TEXT NOT NULL,
  step_name  TEXT NOT NULL,
  depends_on TEXT NOT NULL,
  PRIMARY KEY (job_id, step_name, depends_on),
  FOREIGN KEY (job_id, step_name) REFERENCES job_step (job_id, step_name) ON DELETE CASCADE
);
CREATE INDEX job_step_dependency_up ON job_step_dependency (job_id, depends_on, step_name);
INSERT INTO job_step_dependency SELECT job_id, step_name, depends_on FROM v5_dependency;
DROP TABLE v5_dependency;
)sql";

// Version 6: whether other steps depend on a step, set at creation, so a claim can tell the
// store that its completion has no dependents to update without reading the dependencies
// (why: postgres_migrations.cc, version 6). Steps created before it count as having some.
constexpr const char* kV6 =
    "ALTER TABLE job_step ADD COLUMN has_dependents INTEGER NOT NULL DEFAULT 1;";

// Version 7 adds PostgreSQL's stroem_start_job (postgres_migrations.cc); SQLite's claim
// starts its job in its own statement script. Kept in step with PostgreSQL's.
constexpr const char* kV7 = "SELECT 1;";

constexpr const char* kMigrations[] = {kV1, kV2, kV3, kV4, kV5, kV6, kV7};

}  // namespace

std::span<const char* const> Migrations() {
  return kMigrations;
}

}  // namespace stroem::storage::sqlite
