// PostgreSQL crashed (pg_ctl -m immediate) and restarted under load: the server reports
// unready while the database is gone (and /metrics still answers, without the job gauge),
// recovers by itself, and loses nothing. The lease
// (20 s) outlives the outage: every step a worker ran completes with its whole log; only a
// claim whose commit the server could not confirm may fail, as "worker lost".
#include "scenario.h"

namespace stroem::fault {
namespace {

class PostgresRestart : public FaultTest {};

TEST_P(PostgresRestart, ServerIsUnreadyThenRecoversAndLosesNothing) {
  auto c = StartCluster({.workers = 2, .lease_seconds = 20});
  ASSERT_TRUE(c);
  Tally tally{
      .name = "postgres-restart", .seed = ScenarioSeed("postgres-restart"), .rounds = Rounds()};
  std::mt19937_64 rng(tally.seed);
  for (int round = 0; round < tally.rounds; ++round) {
    std::vector<std::string> ids = TriggerJobs(*c, Pick(rng, 2, 4));
    ASSERT_TRUE(WaitProgress(*c, ids, Pick(rng, 1, static_cast<int>(ids.size()) * 4)));
    pg_->Crash();
    ++tally.kills;
    EXPECT_TRUE(api::testing::WaitUntil([&] { return c->ReadyStatus() == 503; }))
        << "/readyz stayed " << c->ReadyStatus() << " with the database down";
    // The in-memory counters are still served; the gauge read from the database is not.
    const std::string down = c->Metrics();
    EXPECT_NE(down.find("stroem_jobs_created_total"), std::string::npos) << down;
    EXPECT_EQ(down.find("stroem_jobs{"), std::string::npos) << down;
    auto up = pg_->Start();
    ASSERT_TRUE(up) << up.error().message;
    EXPECT_TRUE(
        api::testing::WaitUntil([&] { return c->ReadyStatus() == 200; }, std::chrono::seconds(60)))
        << "/readyz did not recover\n"
        << c->Output();
    // Back once a call meets a live connection (each stale one in the pool fails one call).
    EXPECT_TRUE(api::testing::WaitUntil([&] {
      return c->Metrics().find("stroem_jobs{status=\"running\"}") != std::string::npos;
    })) << c->Metrics();
    ExpectRecovered(*c, ids, tally);
    ExpectOnlyLostSteps(*c, ids, tally);
  }
  tally.Print();
}

INSTANTIATE_TEST_SUITE_P(Backends, PostgresRestart, ::testing::Values(Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace stroem::fault
