// The server killed with SIGKILL and restarted while steps run (both backends): jobs and
// steps are intact, the running steps keep running on their workers, and their results
// and logs land exactly once after the restart. The lease (20 s) outlives the restart, so
// every step a worker ran completes with its whole log; only a claim whose answer died
// with the server may fail, as "worker lost" (its lease expires: the worker never knew).
#include "scenario.h"

namespace stroem::fault {
namespace {

class ServerKill : public FaultTest {};

TEST_P(ServerKill, RunningStepsLandExactlyOnceAfterRestart) {
  auto c = StartCluster({.workers = 2, .lease_seconds = 20});
  ASSERT_TRUE(c);
  Tally tally{.name = "server-kill", .seed = ScenarioSeed("server-kill"), .rounds = Rounds()};
  std::mt19937_64 rng(tally.seed);
  std::vector<std::string> all;
  for (int round = 0; round < tally.rounds; ++round) {
    std::vector<std::string> ids = TriggerJobs(*c, Pick(rng, 2, 4));
    int kills = Pick(rng, 1, 2);
    for (int k = 0; k < kills; ++k) {
      ASSERT_TRUE(WaitProgress(*c, ids, Pick(rng, 1, static_cast<int>(ids.size()) * 4)));
      c->KillServer();
      ++tally.kills;
      auto back = c->RestartServer();
      ASSERT_TRUE(back) << back.error().message << "\n" << c->Output();
    }
    ExpectRecovered(*c, ids, tally);
    ExpectOnlyLostSteps(*c, ids, tally);
  }
  tally.Print();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerKill,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace stroem::fault
