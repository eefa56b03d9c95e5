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

void StoreTest::SetUp() {
  db_ = TestDatabase::Create(GetParam());
  if (!db_) GTEST_SKIP() << "STROEM_TEST_PG_URL is not set (run under scripts/with-postgres)";
  auto store = OpenStore(db_->url(), clock_, Options());
  ASSERT_TRUE(store) << store.error().message;
  store_ = std::move(*store);
}

}  // namespace stroem::storage::testing
