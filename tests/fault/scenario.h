// Helpers shared by the scenarios: backends as a test parameter, a kill point as a
// seeded progress level (a number of steps started or done, never a time), and the
// invariant check with the process output on failure.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "fault_cluster.h"
#include "fault_env.h"
#include "invariants.h"
#include "postgres_cluster.h"

namespace stroem::fault {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// A cluster on the backend (starting a PostgreSQL for it when needed); skips the test
// when PostgreSQL is not installed.
class FaultTest : public ::testing::TestWithParam<Backend> {
 protected:
  std::unique_ptr<FaultCluster> StartCluster(FaultClusterOptions options) {
    if (GetParam() == Backend::kPostgres) {
      pg_ = std::make_unique<PostgresCluster>();
      auto up = pg_->Start();
      if (!up) ADD_FAILURE() << up.error().message;
      if (!up) return nullptr;
      options.db_url = pg_->url();
    }
    auto cluster = std::make_unique<FaultCluster>(options);
    auto started = cluster->Start();
    if (!started) ADD_FAILURE() << started.error().message << "\n" << cluster->Output();
    return started ? std::move(cluster) : nullptr;
  }
  void SetUp() override {
    if (api::testing::EnvOr("STROEM_SERVER_BIN", STROEM_SERVER_BIN_DEFAULT).empty()) GTEST_SKIP() << "no STROEM_SERVER_BIN";
    if (GetParam() == Backend::kPostgres && !PostgresCluster::Available())
      GTEST_SKIP() << "PostgreSQL is not installed";
  }
  std::unique_ptr<PostgresCluster> pg_;
};

// Triggers `n` jobs of `fan`; fails the test for any refused.
inline std::vector<std::string> TriggerJobs(FaultCluster& c, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    std::string id = c.Trigger();
    EXPECT_FALSE(id.empty()) << "trigger refused";
    if (!id.empty()) ids.push_back(id);
  }
  return ids;
}

// Waits (bounded) until at least `level` steps of `ids` are running or completed.
inline bool WaitProgress(const FaultCluster& c, const std::vector<std::string>& ids, int level) {
  return api::testing::WaitUntil(
      [&] { return c.CountSteps(ids, "running") + c.CountSteps(ids, "completed") >= level; },
      std::chrono::seconds(60));
}

// Waits for every job to finish, then checks every invariant; adds to the tally.
inline void ExpectRecovered(const FaultCluster& c, const std::vector<std::string>& ids,
                            Tally& tally) {
  std::vector<std::string> open = c.WaitTerminal(ids, 120);
  EXPECT_TRUE(open.empty()) << open.size() << " jobs never finished, e.g. " << open.front() << "\n"
                            << c.Output();
  std::vector<std::string> bad = CheckAll(c, ids, tally.steps);
  tally.jobs += static_cast<int>(ids.size());
  for (const std::string& b : bad) ADD_FAILURE() << "seed " << tally.seed << ": " << b;
  if (!bad.empty()) ADD_FAILURE() << c.Output();
}

// Every failed step failed because its attempt's lease expired ("worker lost"): the only
// failure a kill may cause. In the server and database scenarios that is a claim whose
// answer never reached a worker (the server or its database died mid-claim); a step that a
// worker did run must complete there. Counts them in `tally.lost`.
inline void ExpectOnlyLostSteps(const FaultCluster& c, const std::vector<std::string>& ids,
                                Tally& tally) {
  for (const std::string& id : ids) {
    auto job = c.Job(id);
    ASSERT_TRUE(job) << id;
    for (const auto& v : job->at("steps").as_array()) {
      const auto& s = v.as_object();
      if (s.at("status") != "failed") continue;
      ++tally.lost;
      const auto* err = s.if_contains("error_message");
      EXPECT_TRUE(err && *err == "worker lost")
          << id << "/" << s.at("step_name") << ": " << boost::json::serialize(s);
    }
  }
}

}  // namespace stroem::fault
