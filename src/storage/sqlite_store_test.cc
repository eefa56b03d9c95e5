// SQLite-only behaviour: migrations, bad files, locks.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

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
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 1);
  EXPECT_EQ(sqlite3_column_int(stmt, 1), 1);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST_F(SqliteStoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(OpenStore(path_, clock_));
  Exec("INSERT INTO schema_version VALUES (99, 0)");
  auto store = OpenStore(path_, clock_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("version 99"));
  EXPECT_THAT(store.error().message, ::testing::HasSubstr("version 1)"));
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
