// SQLite-only behaviour: migrations, bad files, locks.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "storage/sqlite/sqlite_sql.h"
#include "storage/testing/test_stores.h"

namespace stroem::storage::testing {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(BackendKind::kSqlite);
    path_ = db_->directory() + "/stroem.db";
  }
  // Runs `sql` on the file through a separate raw connection.
  void Exec(const std::string& sql) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }

  ManualClock clock_;
  std::unique_ptr<TestDatabase> db_;
  std::string path_;
};

TEST_F(SqliteStoreTest, MigratesOnceAndReopens) {
  ASSERT_TRUE(OpenStore(path_, clock_));
  auto again = OpenStore("sqlite:" + path_, clock_);
  ASSERT_TRUE(again) << again.error().message;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT count(*), max(version) FROM schema_version", -1, &stmt,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 7);
  EXPECT_EQ(sqlite3_column_int(stmt, 1), 7);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

// A database made by the release before timeouts (schema version 1) opens, upgrades, and
// its old jobs read back without timeouts.
TEST_F(SqliteStoreTest, UpgradesAVersion1Database) {
  Exec(std::string(sqlite::kVersionTableDdl) + ";" + sqlite::Migrations()[0] +
       "INSERT INTO schema_version VALUES (1, 0);"
       "INSERT INTO job (job_id, task_name, source_type, created_at) VALUES "
       "('6f1c2a4e-0000-4000-8000-000000000001', 'old', 'api', 0);"
       "INSERT INTO job_step (job_id, step_name, job_seq, flow_index, action_name, status) "
       "VALUES ('6f1c2a4e-0000-4000-8000-000000000001', 'a', 1, 0, 'x', 'ready');");
  auto store = OpenStore(path_, clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion1JobReadsBack(**store);
  NewJob timed{.task_name = "new", .steps = {NewStep{.name = "a", .action_name = "x"}}};
  timed.timeout = std::chrono::minutes(5);
  auto created = (*store)->CreateJob(timed);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ((*store)->GetJob(created->job_id)->job.deadline_at,
            clock_.Now() + std::chrono::minutes(5));
}

// The upgrade tests' job in flight (test_stores.h), as rows of schema version 2.
std::string Version2JobInFlight() {
  const std::string job = std::string("'") + kVersion2JobId + "'";
  const std::string worker = std::string("'") + kVersion2Worker + "'";
  return "INSERT INTO job (job_id, task_name, source_type, created_at, status, started_at) "
         "VALUES (" +
         job +
         ", 'old', 'api', 0, 'running', 0);"
         "INSERT INTO job_step (job_id, step_name, job_seq, flow_index, action_name, status, "
         "worker_id, started_at, attempt, attempt_id, lease_expires_at) VALUES "
         "(" +
         job + ", 'a', 1, 0, 'x', 'running', " + worker + ", 0, 1, '" + kVersion2AttemptA +
         "', 4000000000000000), (" + job +
         ", 'b', 1, 1, 'x', 'ready', NULL, NULL, 0, NULL, NULL), "
         "(" +
         job +
         ", 'c', 1, 2, 'x', 'pending', NULL, NULL, 0, NULL, NULL), "
         "(" +
         job + ", 'd', 1, 3, 'x', 'running', " + worker + ", 0, 1, '" + kVersion2AttemptD +
         "', 1700000010000000), (" + job + ", 'f', 1, 4, 'x', 'completed', " + worker +
         ", 0, 1, NULL, NULL);"
         "INSERT INTO job_step_dependency VALUES (" +
         job + ", 'c', 'a'), (" + job + ", 'c', 'f');";
}

// A database of schema version 2 with a job in flight (running attempts, a ready and a
// pending step) upgrades to the running-steps index and the job runs to its end.
TEST_F(SqliteStoreTest, UpgradesAVersion2DatabaseWithAJobInFlight) {
  Exec(std::string(sqlite::kVersionTableDdl) + ";" + sqlite::Migrations()[0] +
       sqlite::Migrations()[1] + "INSERT INTO schema_version VALUES (1, 0), (2, 0);" +
       Version2JobInFlight());
  auto store = OpenStore(path_, clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

// The same job in a database of schema version 3 (its counters counted by that migration)
// upgrades to version 4 and runs to its end.
TEST_F(SqliteStoreTest, UpgradesAVersion3DatabaseWithAJobInFlight) {
  Exec(std::string(sqlite::kVersionTableDdl) + ";" + sqlite::Migrations()[0] +
       sqlite::Migrations()[1] + Version2JobInFlight() + sqlite::Migrations()[2] +
       "INSERT INTO schema_version VALUES (1, 0), (2, 0), (3, 0);");
  auto store = OpenStore(path_, clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

// The same job in a database of schema version 4 upgrades to version 5, which rebuilds
// job_step (and its dependency rows) with the status CHECK written as ORs, and runs to its
// end; a status outside the list is still refused.
TEST_F(SqliteStoreTest, UpgradesAVersion4DatabaseWithAJobInFlight) {
  Exec(std::string(sqlite::kVersionTableDdl) + ";" + sqlite::Migrations()[0] +
       sqlite::Migrations()[1] + Version2JobInFlight() + sqlite::Migrations()[2] +
       sqlite::Migrations()[3] +
       "INSERT INTO schema_version VALUES (1, 0), (2, 0), (3, 0), (4, 0);");
  auto store = OpenStore(path_, clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(raw, "UPDATE job_step SET status = 'bogus'", nullptr, nullptr, nullptr),
            SQLITE_CONSTRAINT);
  sqlite3_close(raw);
}

// The same job in a database of schema version 5 upgrades to version 6 (has_dependents,
// true for the steps already there: their results are recorded with the dependents'
// update, as before) and runs to its end.
TEST_F(SqliteStoreTest, UpgradesAVersion5DatabaseWithAJobInFlight) {
  Exec(std::string(sqlite::kVersionTableDdl) + ";" + sqlite::Migrations()[0] +
       sqlite::Migrations()[1] + Version2JobInFlight() + sqlite::Migrations()[2] +
       sqlite::Migrations()[3] + sqlite::Migrations()[4] +
       "INSERT INTO schema_version VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0);");
  auto store = OpenStore(path_, clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

// The same job in a database of schema version 6 upgrades to version 7 (no change on
// SQLite) and runs to its end.
TEST_F(SqliteStoreTest, UpgradesAVersion6DatabaseWithAJobInFlight) {
  std::string schema = std::string(sqlite::kVersionTableDdl) + ";" + sqlite::Migrations()[0] +
                       sqlite::Migrations()[1] + Version2JobInFlight();
  for (int v = 2; v < 6; ++v) schema += sqlite::Migrations()[v];
  Exec(schema +
       "INSERT INTO schema_version VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0);");
  auto store = OpenStore(path_, clock_);
  ASSERT_TRUE(store) << store.error().message;
  ExpectVersion2JobInFlightFinishes(**store, clock_);
}

TEST_F(SqliteStoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(OpenStore(path_, clock_));
  Exec("INSERT INTO schema_version VALUES (99, 0)");
  auto store = OpenStore(path_, clock_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("version 99"));
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("version 7)"));
  EXPECT_THAT(store.error().message, ::testing::HasSubstr(path_));
}

TEST_F(SqliteStoreTest, NonDatabaseFileIsAClearError) {
  std::ofstream(path_) << "this is not a database, just some text that is long enough to matter"
                       << std::string(4096, 'x');
  auto store = OpenStore(path_, clock_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr(path_));
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("not a database"));
}

// A database whose pages were overwritten (a disk fault, a copy taken mid-write) keeps its
// header: the error comes from reading the schema, and still names the file.
TEST_F(SqliteStoreTest, CorruptDatabaseIsAClearError) {
  {
    auto store = OpenStore(path_, clock_);
    ASSERT_TRUE(store) << store.error().message;
  }
  std::fstream file(path_, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(100);  // the pages after the 100-byte header: the schema table and the tables
  file << std::string(16384, '\x5a');
  file.close();
  auto store = OpenStore(path_, clock_);
  ASSERT_FALSE(store);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr(path_));
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("malformed"));
}

TEST_F(SqliteStoreTest, MissingDirectoryIsUnavailable) {
  auto store = OpenStore(db_->directory() + "/no/such/dir/x.db", clock_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("no/such/dir"));
}

TEST_F(SqliteStoreTest, LockedDatabaseWaitsBoundedThenIsUnavailable) {
  auto store =
      OpenStore(path_, clock_, StoreOptions{.busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(store) << store.error().message;
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto id = (*store)->RegisterWorker("w", {"shell"});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(id.error().message, ::testing::HasSubstr("locked"));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE((*store)->RegisterWorker("w", {"shell"}));
}

}  // namespace
}  // namespace stroem::storage::testing
