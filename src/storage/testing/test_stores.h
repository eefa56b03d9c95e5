// Test databases for the storage suites: a fresh SQLite file or a fresh PostgreSQL database
// per test, so tests run in parallel. PostgreSQL comes from STROEM_TEST_PG_URL (set by
// scripts/with-postgres); without it the PostgreSQL cases skip.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "storage/store.h"

namespace stroem::storage::testing {

enum class BackendKind { kSqlite, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<BackendKind>& info);

// A database that exists for the lifetime of the object.
class TestDatabase {
 public:
  // nullopt for PostgreSQL when STROEM_TEST_PG_URL is unset.
  static std::unique_ptr<TestDatabase> Create(BackendKind kind);
  ~TestDatabase();
  const std::string& url() const { return url_; }
  const std::string& directory() const { return directory_; }  // SQLite only
  const std::string& database() const { return database_; }    // PostgreSQL only

 private:
  BackendKind kind_ = BackendKind::kSqlite;
  std::string url_;
  std::string directory_;
  std::string database_;  // PostgreSQL only
};

std::optional<std::string> PostgresAdminUrl();
// `base` (…/dbname) with its database replaced by `database`.
std::string UrlWithDatabase(const std::string& base, const std::string& database);
// Runs `sql` on `url` with plain libpq; fails the test on error.
void PostgresExec(const std::string& url, const std::string& sql);

// The upgrade tests' check: job kVersion1JobId, inserted at schema version 1 (task "old",
// one step), reads back with no timeouts.
inline constexpr const char* kVersion1JobId = "6f1c2a4e-0000-4000-8000-000000000001";
inline void ExpectVersion1JobReadsBack(Store& store) {
  auto job = store.GetJob(kVersion1JobId);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->job.task_name, "old");
  EXPECT_FALSE(job->job.deadline_at);
  ASSERT_EQ(job->steps.size(), 1u);
  EXPECT_FALSE(job->steps[0].timeout);
}

// The upgrade tests' job in flight, inserted at schema version 2 (before the running-steps
// index of version 3) and opened at version 2 or 3, all ids fixed: step "a" running as attempt
// kVersion2AttemptA with a lease far ahead, "d" running as attempt kVersion2AttemptD with a lease
// 10 s after ManualClock's start, "b" ready, "c" pending on "a" and the completed "f". The check
// drives it to the end: heartbeats, the lease sweep, claims and completions all find the old rows,
// and the counters of version 3 (c waits for one dependency; 4 unfinished steps).
inline constexpr const char* kVersion2JobId = "6f1c2a4e-0000-4000-8000-000000000002";
inline constexpr const char* kVersion2AttemptA = "6f1c2a4e-0000-4000-8000-0000000000a1";
inline constexpr const char* kVersion2AttemptD = "6f1c2a4e-0000-4000-8000-0000000000d1";
inline constexpr const char* kVersion2Worker = "6f1c2a4e-0000-4000-8000-0000000000f1";
void ExpectVersion2JobInFlightFinishes(Store& store, ManualClock& clock);

// Fixture for suites that run once per backend.
class StoreTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override;
  virtual StoreOptions Options() const { return {}; }

  ManualClock clock_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

#define STROEM_BACKENDS                                                  \
  ::testing::Values(::stroem::storage::testing::BackendKind::kSqlite,    \
                    ::stroem::storage::testing::BackendKind::kPostgres), \
      ::stroem::storage::testing::BackendName

}  // namespace stroem::storage::testing
