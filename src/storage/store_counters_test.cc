// The counters behind promotion and finishing (remaining_deps per step, unfinished and
// failed steps per job, schema v3): a wide fan-in becomes ready exactly when its last
// dependency completes, and a job finishes exactly when its last step does, on every
// backend. (That a completion no longer scans the job is a matter of time:
// bench/e2e --only dags.)
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "storage/testing/conformance_fixture.h"

namespace stroem::storage::testing {
namespace {

constexpr int kWidth = 2000;

class CountersTest : public ConformanceTest {};

// kWidth independent steps f0…, a join on all of them (f0 listed twice: one edge), then a
// chain c1 → c2 where c2 also waits for the long-completed f0.
NewJob FanIn() {
  std::vector<NewStep> steps;
  std::vector<std::string> all{"f0"};
  for (int i = 0; i < kWidth; ++i) {
    steps.push_back(MakeStep("f" + std::to_string(i)));
    all.push_back("f" + std::to_string(i));
  }
  steps.push_back(MakeStep("join", all));
  steps.push_back(MakeStep("c1", {"join"}));
  steps.push_back(MakeStep("c2", {"c1", "f0"}));
  return MakeJob(std::move(steps));
}

TEST_P(CountersTest, AWideFanInIsReadyExactlyWhenItsLastDependencyCompletes) {
  const std::string worker = Worker();
  auto created = store_->CreateJob(FanIn());
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->steps_ready, kWidth);
  for (int i = 0; i < kWidth; ++i) {
    const Claim claim = MustClaim(worker);
    ASSERT_EQ(claim.step.step_name.front(), 'f') << "claim " << i;
    const Completion done = Complete(claim);
    ASSERT_EQ(done.steps_ready, i == kWidth - 1 ? 1 : 0) << "completion " << i;
    ASSERT_FALSE(done.job_finished);
  }
  for (const std::string name : {"join", "c1", "c2"}) {
    const Claim claim = MustClaim(worker);
    EXPECT_EQ(claim.step.step_name, name);
    EXPECT_FALSE(*store_->ClaimStep(worker, {"shell"}));  // one at a time: a chain
    const Completion done = Complete(claim);
    EXPECT_EQ(done.steps_ready, name == "c2" ? 0 : 1) << name;
    EXPECT_EQ(done.job_finished, name == "c2") << name;
  }
  EXPECT_EQ(JobStatus(created->job_id), "completed");
}

TEST_P(CountersTest, AFailureInAWideFanInSkipsTheRestAndFinishesWithTheLastRunningStep) {
  const std::string worker = Worker();
  const std::string job = Create(FanIn());
  std::vector<Claim> claims;
  for (int i = 0; i < kWidth; ++i) claims.push_back(MustClaim(worker));
  for (int i = 0; i < kWidth - 1; ++i) {
    const Completion done = Complete(claims[i], i == 10 ? kExit2 : kOk);
    ASSERT_EQ(done.steps_ready, 0) << "completion " << i;
    ASSERT_FALSE(done.job_finished) << "completion " << i;
  }
  const Completion last = Complete(claims.back());
  EXPECT_EQ(last.steps_ready, 0);
  EXPECT_TRUE(last.job_finished);
  EXPECT_EQ(last.job_status, "failed");
  auto statuses = Statuses(job);
  EXPECT_EQ(statuses["join"], "skipped");
  EXPECT_EQ(statuses["c1"], "skipped");
  EXPECT_EQ(statuses["c2"], "skipped");
  EXPECT_EQ(statuses["f10"], "failed");
}

// A late result of a step that cancellation could not stop: the job stays cancelled, and a
// stale second report changes nothing.
TEST_P(CountersTest, ResultsAfterCancellationLeaveTheJobCancelled) {
  const std::string worker = Worker();
  const std::string job = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"})}));
  const Claim a = MustClaim(worker);
  ASSERT_TRUE(store_->CancelJob(job));
  auto late = store_->CompleteStep(job, "a", a.attempt_id, kOk);
  EXPECT_FALSE(late);
  EXPECT_EQ(JobStatus(job), "cancelled");
  EXPECT_EQ(Statuses(job)["b"], "cancelled");
}

// A duplicate report of a completed step counts nothing twice: the join of two steps is
// not made ready by one of them reporting twice.
TEST_P(CountersTest, AStaleReportDoesNotCountADependencyTwice) {
  const std::string worker = Worker();
  const std::string job =
      Create(MakeJob({MakeStep("a"), MakeStep("b"), MakeStep("join", {"a", "b"})}));
  const Claim a = MustClaim(worker);
  const Claim b = MustClaim(worker);
  EXPECT_EQ(Complete(a).steps_ready, 0);
  auto again = store_->CompleteStep(job, "a", a.attempt_id, kOk);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kStaleAttempt);
  auto unattributed = store_->CompleteStep(job, "a", std::nullopt, kOk);
  ASSERT_FALSE(unattributed);
  EXPECT_EQ(Statuses(job)["join"], "pending");
  EXPECT_FALSE(*store_->ClaimStep(worker, {"shell"}));
  EXPECT_EQ(Complete(b).steps_ready, 1);
  EXPECT_TRUE(Complete(MustClaim(worker)).job_finished);
}

// A store remembers which of its claims have no dependents and records their results
// without the promotion; a result it did not claim (another server's, or one reported
// without its attempt) takes the full record. Either way the counts are the same.
TEST_P(CountersTest, ResultsOfStepsClaimedByAnotherStoreCountTheSame) {
  auto other = OpenStore(db_->url(), clock_);
  ASSERT_TRUE(other) << other.error().message;
  const std::string worker = Worker();
  const std::string job = Create(
      MakeJob({MakeStep("a"), MakeStep("b"), MakeStep("join", {"a", "b"}), MakeStep("leaf")}));
  const Claim a = MustClaim(worker);
  auto b = (*other)->ClaimStep(worker, {"shell"});
  ASSERT_TRUE(b && *b);
  const Claim leaf = MustClaim(worker);
  EXPECT_EQ((*other)->CompleteStep(job, "a", a.attempt_id, kOk)->steps_ready, 0);
  EXPECT_EQ(store_->CompleteStep(job, "b", (**b).attempt_id, kOk)->steps_ready, 1);
  const Claim join = MustClaim(worker);
  EXPECT_FALSE(store_->CompleteStep(job, "leaf", std::nullopt, kOk)->job_finished);
  auto last = (*other)->CompleteStep(job, "join", join.attempt_id, kOk);
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_TRUE(last->job_finished);
  EXPECT_EQ(last->job_status, "completed");
  auto again = store_->CompleteStep(job, "leaf", leaf.attempt_id, kOk);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kStaleAttempt);
}

// Completions of one fan-in's dependencies at once: each counts the join down exactly once
// (PostgreSQL: the join row's newest version, after the job lock), so the join is claimed
// once, after all of them, and the job finishes.
class ConcurrentCountersTest : public ConformanceTest {
 protected:
  StoreOptions Options() const override { return StoreOptions{.pool_size = 8}; }

  // Runs `client` on eight threads at once, each with its own worker, until all return.
  void OnEightClients(const std::function<void(const std::string& worker)>& client) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) threads.emplace_back(client, Worker());
    for (auto& thread : threads) thread.join();
  }
};

TEST_P(ConcurrentCountersTest, EightClientsCountAFanInDownOnce) {
  constexpr int kDeps = 300;
  std::vector<NewStep> steps;
  std::vector<std::string> all;
  for (int i = 0; i < kDeps; ++i) {
    steps.push_back(MakeStep("f" + std::to_string(i)));
    all.push_back("f" + std::to_string(i));
  }
  steps.push_back(MakeStep("join", all));
  steps.push_back(MakeStep("after", {"join", "f0"}));
  const std::string job = Create(MakeJob(std::move(steps)));
  std::atomic<int> claimed{0}, ready{0}, finished{0}, errors{0};
  std::atomic<bool> join_early{false};
  // A lost count leaves the join pending: the clients give up instead of hanging.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  OnEightClients([&](const std::string& worker) {
    for (;;) {
      auto claim = store_->ClaimStep(worker, {"shell"});
      if (!claim) return ++errors, void();
      if (!*claim) {
        if (finished.load() > 0 || std::chrono::steady_clock::now() > give_up) return;
        std::this_thread::yield();
        continue;
      }
      const Step& step = (*claim)->step;
      if (step.step_name == "join" && claimed.load() < kDeps) join_early = true;
      ++claimed;
      auto done = store_->CompleteStep(step.job_id, step.step_name, (*claim)->attempt_id, kOk);
      if (!done) return ++errors, void();
      ready += done->steps_ready;
      if (done->job_finished) ++finished;
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_FALSE(join_early.load());
  EXPECT_EQ(claimed.load(), kDeps + 2);
  EXPECT_EQ(ready.load(), 2);  // the join, then "after"
  EXPECT_EQ(finished.load(), 1);
  EXPECT_EQ(JobStatus(job), "completed");
}

// Independent steps completed at once, one of them failing: the record that takes the
// job's last unfinished step finishes it, so exactly one completion reports the finish,
// whichever of the eight clients it is, and the job is failed.
TEST_P(ConcurrentCountersTest, EightClientsFinishAJobOfIndependentStepsOnce) {
  constexpr int kSteps = 400;
  std::vector<NewStep> steps;
  for (int i = 0; i < kSteps; ++i) steps.push_back(MakeStep("s" + std::to_string(i)));
  const std::string job = Create(MakeJob(std::move(steps)));
  const StepResult failure{1, std::nullopt, std::nullopt};
  std::atomic<int> completed{0}, finished{0}, errors{0};
  OnEightClients([&](const std::string& worker) {
    for (;;) {
      auto claim = store_->ClaimStep(worker, {"shell"});
      if (!claim) return ++errors, void();
      if (!*claim) return;
      const Step& step = (*claim)->step;
      auto done = store_->CompleteStep(step.job_id, step.step_name, (*claim)->attempt_id,
                                       step.step_name == "s7" ? failure : kOk);
      if (!done) return ++errors, void();
      ++completed;
      if (done->job_finished) {
        ++finished;
        EXPECT_EQ(done->job_status, "failed");
      }
    }
  });
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(completed.load(), kSteps);
  EXPECT_EQ(finished.load(), 1);
  EXPECT_EQ(JobStatus(job), "failed");
}

INSTANTIATE_TEST_SUITE_P(Backends, CountersTest, STROEM_BACKENDS);
INSTANTIATE_TEST_SUITE_P(Backends, ConcurrentCountersTest, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::storage::testing
