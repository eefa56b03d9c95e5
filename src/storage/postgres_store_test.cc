// PostgreSQL-only behaviour: bad URLs, a newer schema, losing connections while running.
#include <chrono>
#include <thread>

#include "common/log.h"
#include "storage/postgres/postgres_sql.h"
#include "storage/testing/test_stores.h"

namespace stroem::storage::testing {
namespace {

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(BackendKind::kPostgres);
    if (!db_) GTEST_SKIP() << "STROEM_TEST_PG_URL is not set (run under scripts/with-postgres)";
  }
  ManualClock clock_;
  std::unique_ptr<TestDatabase> db_;
};

TEST(PostgresUrl, UnreachableServerNamesTheUrlWithoutThePassword) {
  const std::string url = "postgres://stroem:hunter2@127.0.0.1:1/stroem";
  auto store = OpenStore(url, SystemClock::Instance(),
                         StoreOptions{.connect_timeout = std::chrono::seconds(2)});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(store.error().message,
              ::testing::HasSubstr("postgres://stroem:***@127.0.0.1:1/stroem"));
  EXPECT_THAT(store.error().message, ::testing::Not(::testing::HasSubstr("hunter2")));
}

TEST_F(PostgresStoreTest, UnknownDatabaseIsUnavailable) {
  auto store = OpenStore(UrlWithDatabase(db_->url(), "no_such_db"), clock_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("no_such_db"));
}

// What the server says outside a command's result (here the NOTICE of the version table's
// CREATE TABLE IF NOT EXISTS, at every start but the first) is a line of the process log,
// at debug level, rather than libpq's raw line on stderr, which breaks a JSON log.
TEST_F(PostgresStoreTest, ServerNoticesGoToTheProcessLog) {
  ASSERT_TRUE(OpenStore(db_->url(), clock_));
  ConfigureLog("json", "debug");
  ::testing::internal::CaptureStderr();
  auto again = OpenStore(db_->url(), clock_);
  const std::string said = ::testing::internal::GetCapturedStderr();
  ConfigureLog("text", "info");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_THAT(said, ::testing::HasSubstr(R"("level":"debug","msg":"PostgreSQL )"));
  EXPECT_THAT(said, ::testing::HasSubstr(
                        R"(: NOTICE:  relation \"schema_version\" already exists, skipping"})"));
  EXPECT_THAT(said, ::testing::Not(::testing::ContainsRegex("(^|\n)NOTICE")));
}

// A database made by the release before timeouts (schema version 1) opens, upgrades, and
// its old jobs read back without timeouts.
TEST_F(PostgresStoreTest, UpgradesAVersion1Database) {
  PostgresExec(db_->url(),
               std::string(postgres::kVersionTableDdl) + ";" + postgres::Migrations()[0] +
                   "INSERT INTO schema_version VALUES (1, now());"
                   "INSERT INTO job (job_id, task_name, source_type) VALUES "
                   "('6f1c2a4e-0000-4000-8000-000000000001', 'old', 'api');"
                   "INSERT INTO job_step (job_id, step_name, job_seq, flow_index, "
                   "action_name, status) VALUES "
                   "('6f1c2a4e-0000-4000-8000-000000000001', 'a', 1, 0, 'x', 'ready');");
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion1JobReadsBack(**store);
}

// The upgrade tests' job in flight (test_stores.h), as rows of schema version 2.
std::string Version2JobInFlight() {
  const std::string job = std::string("'") + kVersion2JobId + "'";
  const std::string worker = std::string("'") + kVersion2Worker + "'";
  const std::string seq = "(SELECT seq FROM job WHERE job_id = " + job + ")";
  return "INSERT INTO job (job_id, task_name, source_type, status, started_at) VALUES "
         "(" +
         job +
         ", 'old', 'api', 'running', now());"
         "INSERT INTO job_step (job_id, step_name, job_seq, flow_index, action_name, status, "
         "worker_id, started_at, attempt, attempt_id, lease_expires_at) VALUES "
         "(" +
         job + ", 'a', " + seq + ", 0, 'x', 'running', " + worker + ", now(), 1, '" +
         kVersion2AttemptA +
         "', '2100-01-01'), "
         "(" +
         job + ", 'b', " + seq +
         ", 1, 'x', 'ready', NULL, NULL, 0, NULL, NULL), "
         "(" +
         job + ", 'c', " + seq +
         ", 2, 'x', 'pending', NULL, NULL, 0, NULL, NULL), "
         "(" +
         job + ", 'd', " + seq + ", 3, 'x', 'running', " + worker + ", now(), 1, '" +
         kVersion2AttemptD +
         "', to_timestamp(1700000010)), "
         "(" +
         job + ", 'f', " + seq + ", 4, 'x', 'completed', " + worker +
         ", now(), 1, NULL, NULL);"
         "INSERT INTO job_step_dependency VALUES (" +
         job + ", 'c', 'a'), (" + job + ", 'c', 'f');";
}

// A database of schema version 2 with a job in flight (running attempts, a ready and a
// pending step) upgrades to the running-steps index and the job runs to its end.
TEST_F(PostgresStoreTest, UpgradesAVersion2DatabaseWithAJobInFlight) {
  PostgresExec(db_->url(), std::string(postgres::kVersionTableDdl) + ";" +
                               postgres::Migrations()[0] + postgres::Migrations()[1] +
                               "INSERT INTO schema_version VALUES (1, now()), (2, now());" +
                               Version2JobInFlight());
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

// The same job in a database of schema version 3 (its counters counted by that migration)
// upgrades to version 4, which drops the CHECK constraints of job and job_step, and runs to
// its end; a new job's mode and source type are still checked (by CreateJob).
TEST_F(PostgresStoreTest, UpgradesAVersion3DatabaseWithAJobInFlight) {
  PostgresExec(db_->url(), std::string(postgres::kVersionTableDdl) + ";" +
                               postgres::Migrations()[0] + postgres::Migrations()[1] +
                               Version2JobInFlight() + postgres::Migrations()[2] +
                               "INSERT INTO schema_version VALUES (1, now()), (2, now()), "
                               "(3, now());");
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
  NewJob bad{.task_name = "new", .mode = "remote", .steps = {NewStep{.name = "a"}}};
  auto refused = (*store)->CreateJob(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

// The same job in a database of schema version 4 upgrades to version 5 (no change on
// PostgreSQL) and runs to its end.
TEST_F(PostgresStoreTest, UpgradesAVersion4DatabaseWithAJobInFlight) {
  PostgresExec(db_->url(), std::string(postgres::kVersionTableDdl) + ";" +
                               postgres::Migrations()[0] + postgres::Migrations()[1] +
                               Version2JobInFlight() + postgres::Migrations()[2] +
                               postgres::Migrations()[3] +
                               "INSERT INTO schema_version VALUES (1, now()), (2, now()), "
                               "(3, now()), (4, now());");
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

// The same job in a database of schema version 5 upgrades to version 6 (has_dependents,
// true for the steps already there) and runs to its end.
TEST_F(PostgresStoreTest, UpgradesAVersion5DatabaseWithAJobInFlight) {
  PostgresExec(db_->url(), std::string(postgres::kVersionTableDdl) + ";" +
                               postgres::Migrations()[0] + postgres::Migrations()[1] +
                               Version2JobInFlight() + postgres::Migrations()[2] +
                               postgres::Migrations()[3] + postgres::Migrations()[4] +
                               "INSERT INTO schema_version VALUES (1, now()), (2, now()), "
                               "(3, now()), (4, now()), (5, now());");
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

// The same job in a database of schema version 6, next to a job still pending (created, not
// yet claimed), upgrades to version 7 (claims start their job through stroem_start_job):
// the job in flight runs to its end, and the pending job starts at its first claim.
TEST_F(PostgresStoreTest, UpgradesAVersion6DatabaseWithAPendingJob) {
  const std::string pending = "'00000000-0000-4000-8000-000000000077'";
  const std::string pending_job =
      "INSERT INTO job (job_id, task_name, source_type, unfinished_steps) VALUES (" + pending +
      ", 'later', 'api', 1); INSERT INTO job_step (job_id, step_name, job_seq, flow_index, "
      "action_name, status, has_dependents) SELECT job_id, 'only', seq, 0, 'x', 'ready', false "
      "FROM job WHERE job_id = " +
      pending + ";";
  std::string schema = std::string(postgres::kVersionTableDdl) + ";" + postgres::Migrations()[0] +
                       postgres::Migrations()[1] + Version2JobInFlight();
  for (int v = 2; v < 6; ++v) schema += postgres::Migrations()[v];
  PostgresExec(db_->url(), schema + pending_job +
                               "INSERT INTO schema_version SELECT generate_series(1, 6), now();");
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
  const std::string worker = (*store)->RegisterWorker("new", {"shell"}).value();
  auto claim = (*store)->ClaimStep(worker, {"shell"});
  ASSERT_TRUE(claim && *claim);
  auto job = (*store)->GetJob((*claim)->step.job_id);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->job.task_name, "later");
  EXPECT_EQ(job->job.status, "running");
  EXPECT_EQ(job->job.started_at, clock_.Now());
}

TEST_F(PostgresStoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(OpenStore(db_->url(), clock_));
  PostgresExec(db_->url(), "INSERT INTO schema_version VALUES (99, now())");
  auto store = OpenStore(db_->url(), clock_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("version 99"));
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("version 7)"));
}

// Connections the server closed while they sat idle in the pool (a restart, an operator's
// pg_terminate_backend) are replaced before a call fails on them.
TEST_F(PostgresStoreTest, IdleConnectionsClosedByTheServerAreReplaced) {
  auto store =
      OpenStore(db_->url(), clock_,
                StoreOptions{.pool_size = 1, .check_idle_after = std::chrono::milliseconds(0)});
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->RegisterWorker("before", {"shell"}));
  const std::string& database = db_->database();
  // The timeout: wait until the backend has gone (its socket closed).
  PostgresExec(db_->url(),
               "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = '" +
                   database + "' AND pid <> pg_backend_pid()");
  auto after = (*store)->RegisterWorker("after", {"shell"});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ((*store)->ListWorkers()->size(), 2u);
}

// While the database refuses connections, calls fail as unavailable (a 503 for the server)
// and write nothing; once it accepts them again the pool reconnects (after its backoff).
TEST_F(PostgresStoreTest, UnreachableDatabaseIsUnavailableThenReconnects) {
  auto store = OpenStore(db_->url(), clock_, StoreOptions{.pool_size = 1});
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->RegisterWorker("before", {"shell"}));
  const std::string& database = db_->database();
  const std::string admin = PostgresAdminUrl().value();
  PostgresExec(admin, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
  PostgresExec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                          database + "'");
  auto during = (*store)->RegisterWorker("during", {"shell"});
  ASSERT_FALSE(during);
  EXPECT_EQ(during.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(during.error().message, ::testing::HasSubstr(database));
  PostgresExec(admin, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
  // Polled: the pool waits out its backoff (100 ms after one failure) before reconnecting.
  auto after = (*store)->RegisterWorker("after", {"shell"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!after && std::chrono::steady_clock::now() < deadline) {
    EXPECT_EQ(after.error().code, ErrorCode::kUnavailable);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = (*store)->RegisterWorker("after", {"shell"});
  }
  ASSERT_TRUE(after) << after.error().message;
  auto workers = (*store)->ListWorkers();
  ASSERT_TRUE(workers);
  EXPECT_EQ(workers->size(), 2u);  // nothing half-written by the failed call
}

}  // namespace
}  // namespace stroem::storage::testing
