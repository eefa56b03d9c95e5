// A log chunk or a result delivered twice (a network retry) is applied once, also when
// the retry reaches a server restarted after a SIGKILL in between: the first delivery's
// record survives the crash and the second is acknowledged as a duplicate.
#include "api/worker_api.h"
#include "api/worker_client.h"
#include "scenario.h"

namespace stroem::fault {
namespace {

class DuplicateDelivery : public FaultTest {};

// The whole log of a `fan` step as one chunk (seq 0) of the attempt.
std::string WholeLog(const api::ClaimedStep& step) {
  api::LogChunk chunk{.step = step.step_name, .attempt_json = step.attempt_json, .seq = 0};
  for (int i = 1; i <= kStepLines.at(step.step_name); ++i)
    chunk.lines.push_back({.ts = "", .stream = "stdout", .line = "line-" + std::to_string(i)});
  return api::LogChunkJson(chunk);
}

TEST_P(DuplicateDelivery, RetriedChunkAndResultApplyOnceAcrossARestart) {
  auto c = StartCluster({.workers = 0, .lease_seconds = 30});
  ASSERT_TRUE(c);
  Tally tally{
      .name = "duplicate-delivery", .seed = ScenarioSeed("duplicate-delivery"), .rounds = 1};
  api::WorkerClient w(c->url(), FaultCluster::kWorkerToken);
  auto id = w.Register("dup", {"shell"});
  ASSERT_TRUE(id);
  std::vector<std::string> ids = TriggerJobs(*c, 1);
  ASSERT_EQ(ids.size(), 1u);
  auto claim = w.Claim(*id, {"shell"}, 5000);
  ASSERT_TRUE(claim && *claim) << (claim ? "nothing claimable" : claim.error().message);
  const api::ClaimedStep& step = **claim;
  ASSERT_TRUE(w.Start(step.job_id, step.step_name, *id, step.attempt_json));

  std::string body = WholeLog(step);
  api::StepResult result{.attempt_json = step.attempt_json, .exit_code = 0};

  auto first = w.PushLogs(step.job_id, body);
  ASSERT_TRUE(first && !*first);
  auto done = w.Complete(step.job_id, step.step_name, result);
  ASSERT_TRUE(done && !*done);
  c->KillServer();
  ++tally.kills;
  ASSERT_TRUE(c->RestartServer());
  auto again = w.PushLogs(step.job_id, body);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(*again) << "a retried chunk was stored a second time";
  auto twice = w.Complete(step.job_id, step.step_name, result);
  ASSERT_TRUE(twice) << twice.error().message;
  EXPECT_TRUE(*twice) << "a retried result was not recognised as a duplicate";

  // Finish the job by hand so that the invariants can be checked.
  for (;;) {
    auto next = w.Claim(*id, {"shell"}, 2000);
    ASSERT_TRUE(next);
    if (!*next) break;
    const api::ClaimedStep& s = **next;
    ASSERT_TRUE(w.Start(s.job_id, s.step_name, *id, s.attempt_json));
    ASSERT_TRUE(w.PushLogs(s.job_id, WholeLog(s)));
    ASSERT_TRUE(w.Complete(s.job_id, s.step_name, {.attempt_json = s.attempt_json}));
  }
  ExpectRecovered(*c, ids, tally);
  tally.Print();
}

INSTANTIATE_TEST_SUITE_P(Backends, DuplicateDelivery,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace stroem::fault
