// Workers killed with SIGKILL mid-step: their attempts fail with "worker lost" once the
// lease (2 s here) expires, dependents are skipped, every job finishes; a worker that
// was only paused and comes back cannot overwrite that result.
#include <signal.h>

#include "scenario.h"

namespace stroem::fault {
namespace {

class WorkerKill : public FaultTest {};

TEST_P(WorkerKill, KilledWorkersAreFailedAndJobsFinish) {
  auto c = StartCluster({.workers = 3});
  ASSERT_TRUE(c);
  Tally tally{.name = "worker-kill", .seed = ScenarioSeed("worker-kill"), .rounds = Rounds()};
  std::mt19937_64 rng(tally.seed);
  for (int round = 0; round < tally.rounds; ++round) {
    std::vector<std::string> ids = TriggerJobs(*c, Pick(rng, 2, 5));
    ASSERT_TRUE(WaitProgress(*c, ids, Pick(rng, 1, static_cast<int>(ids.size()) * 2)));
    int kills = Pick(rng, 1, 2);
    for (int k = 0; k < kills; ++k) {
      size_t victim = static_cast<size_t>(Pick(rng, 0, static_cast<int>(c->worker_count()) - 1));
      c->KillWorker(victim);
      ++tally.kills;
      ASSERT_TRUE(c->StartWorker(victim));  // a replacement, as a supervisor would start
    }
    ExpectRecovered(*c, ids, tally);
    ExpectOnlyLostSteps(*c, ids, tally);
  }
  tally.Print();
}

// SIGSTOP stands in for a worker cut off by the network: its lease expires and the step
// is failed; after SIGCONT it finishes the step and reports, and is refused.
TEST_P(WorkerKill, WorkerThatComesBackDoesNotOverwrite) {
  auto c = StartCluster({.workers = 1, .worker_max_concurrent = 1});
  ASSERT_TRUE(c);
  Tally tally{.name = "worker-comeback", .seed = ScenarioSeed("worker-comeback"), .rounds = 1};
  std::vector<std::string> first = TriggerJobs(*c, 1);
  ASSERT_TRUE(WaitProgress(*c, first, 1));
  c->PauseWorker(0);
  ++tally.kills;
  ASSERT_TRUE(c->WaitTerminal(first, 60).empty());
  auto lost = c->Job(first[0]);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->at("status"), "failed");
  c->ResumeWorker(0);
  // With one slot, the worker can run the next job only once it has reported the old
  // step: the next job finishing is the condition, not a sleep.
  std::vector<std::string> next = TriggerJobs(*c, 1);
  ASSERT_TRUE(c->WaitTerminal(next, 60).empty()) << c->Output();
  auto after = c->Job(first[0]);
  ASSERT_TRUE(after);
  EXPECT_EQ(boost::json::serialize(*lost), boost::json::serialize(*after));
  first.push_back(next[0]);
  ExpectRecovered(*c, first, tally);
  tally.Print();
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerKill,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace stroem::fault
