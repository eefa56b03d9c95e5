#include "storage/testing/test_stores.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>

#include "common/id.h"

namespace stroem::storage::testing {

std::string BackendName(const ::testing::TestParamInfo<BackendKind>& info) {
  return info.param == BackendKind::kSqlite ? "Sqlite" : "Postgres";
}

std::optional<std::string> PostgresAdminUrl() {
  const char* url = std::getenv("STROEM_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::string UrlWithDatabase(const std::string& base, const std::string& database) {
  const size_t authority = base.find("://") + 3;
  const size_t slash = base.find('/', authority);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + database;
}

void PostgresExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      << sql << ": " << PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
}

std::unique_ptr<TestDatabase> TestDatabase::Create(BackendKind kind) {
  auto db = std::unique_ptr<TestDatabase>(new TestDatabase);
  db->kind_ = kind;
  std::string suffix = NewUuid().substr(0, 8);
  if (kind == BackendKind::kSqlite) {
    db->directory_ = (std::filesystem::temp_directory_path() / ("stroem-test-" + suffix)).string();
    std::filesystem::create_directories(db->directory_);
    db->url_ = "sqlite:" + db->directory_ + "/stroem.db";
    return db;
  }
  auto admin = PostgresAdminUrl();
  if (!admin) return nullptr;
  db->database_ = "stroem_test_" + suffix;
  PostgresExec(*admin, "CREATE DATABASE " + db->database_);
  db->url_ = UrlWithDatabase(*admin, db->database_);
  return db;
}

TestDatabase::~TestDatabase() {
  if (kind_ == BackendKind::kSqlite) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  } else if (auto admin = PostgresAdminUrl()) {
    PostgresExec(*admin, "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }
}

void ExpectVersion2JobInFlightFinishes(Store& store, ManualClock& clock) {
  auto stop = store.AttemptsToStop({kVersion2AttemptA, kVersion2AttemptD});
  ASSERT_TRUE(stop) << stop.error().message;
  EXPECT_THAT(*stop, ::testing::IsEmpty());  // both still running in an unfinished job
  EXPECT_EQ(store.Heartbeat(kVersion2Worker).value(), 2);
  clock.Advance(std::chrono::minutes(2));  // past both leases; a's is extended now
  ASSERT_TRUE(store.ExtendLease(kVersion2AttemptA));
  auto swept = store.FailExpiredAttempts();
  ASSERT_TRUE(swept) << swept.error().message;
  EXPECT_EQ(swept->attempts_failed, 1);
  const std::string worker = store.RegisterWorker("new", {"shell"}).value();
  const StepResult ok{0, "{}", std::nullopt};
  auto b = store.ClaimStep(worker, {"shell"});
  ASSERT_TRUE(b && *b);
  EXPECT_EQ((*b)->step.step_name, "b");
  ASSERT_TRUE(store.CompleteStep(kVersion2JobId, "b", (*b)->attempt_id, ok));
  auto a = store.CompleteStep(kVersion2JobId, "a", kVersion2AttemptA, ok);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->steps_ready, 1);
  EXPECT_FALSE(a->job_finished);
  auto c = store.ClaimStep(worker, {"shell"});
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->step.step_name, "c");
  auto last = store.CompleteStep(kVersion2JobId, "c", (*c)->attempt_id, ok);
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_TRUE(last->job_finished);
  EXPECT_EQ(last->job_status, "failed");  // d was lost
  auto job = store.GetJob(kVersion2JobId);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->job.status, "failed");
  EXPECT_EQ(job->steps[3].status, "failed");
  EXPECT_EQ(job->steps[3].error_message, "worker lost");
}

void StoreTest::SetUp() {
  db_ = TestDatabase::Create(GetParam());
  if (!db_) GTEST_SKIP() << "STROEM_TEST_PG_URL is not set (run under scripts/with-postgres)";
  auto store = OpenStore(db_->url(), clock_, Options());
  ASSERT_TRUE(store) << store.error().message;
  store_ = std::move(*store);
}

}  // namespace stroem::storage::testing
