// The behaviour every Store backend must have, written once and run on SQLite and PostgreSQL.
#include <boost/json.hpp>
#include <functional>
#include <utility>

#include "common/id.h"
#include "storage/testing/conformance_fixture.h"

namespace stroem::storage::testing {
namespace {

using std::chrono::seconds;

// Runs a hook once, inside the `call`-th Now() after Arm: lets a test put another client's
// write between two steps of a store operation without threads or sleeps. Single-threaded.
class HookClock final : public Clock {
 public:
  explicit HookClock(const Clock& base) : base_(base) {}
  TimePoint Now() const override {
    if (hook_ && --countdown_ == 0) std::exchange(hook_, nullptr)();
    return base_.Now();
  }
  void Arm(int call, std::function<void()> hook) {
    countdown_ = call;
    hook_ = std::move(hook);
  }
  void Disarm() { hook_ = nullptr; }

 private:
  const Clock& base_;
  mutable int countdown_ = 0;
  mutable std::function<void()> hook_;
};

TEST_P(ConformanceTest, RegistersHeartbeatsAndListsWorkers) {
  std::string id = Worker({"shell", "docker"});
  EXPECT_TRUE(IsUuid(id));
  clock_.Advance(seconds(5));
  ASSERT_TRUE(store_->Heartbeat(id));
  auto workers = store_->ListWorkers();
  ASSERT_TRUE(workers) << workers.error().message;
  ASSERT_EQ(workers->size(), 1u);
  EXPECT_EQ((*workers)[0].worker_id, id);
  EXPECT_EQ((*workers)[0].capabilities, (std::vector<std::string>{"shell", "docker"}));
  EXPECT_EQ((*workers)[0].status, "active");
  EXPECT_EQ((*workers)[0].last_heartbeat, clock_.Now());
  EXPECT_EQ((*workers)[0].registered_at, clock_.Now() - seconds(5));
}

TEST_P(ConformanceTest, HeartbeatAcceptsUnknownWorkersButNotMalformedIds) {
  EXPECT_EQ(store_->Heartbeat(NewUuid()).value_or(-1), 0);
  EXPECT_EQ(store_->Heartbeat("nope").error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ConformanceTest, CreateJobStoresJobAndStepsInFlowOrder) {
  NewJob job = MakeJob({MakeStep("build"), MakeStep("test", {"build"}), MakeStep("lint")});
  job.input_json = R"({"name":"x"})";
  job.steps[0].action_image = "alpine";
  auto created = store_->CreateJob(job);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->steps_ready, 2);
  auto got = store_->GetJob(created->job_id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->job.status, "pending");
  EXPECT_EQ(got->job.task_name, "deploy");
  EXPECT_EQ(got->job.workspace, "default");
  EXPECT_EQ(got->job.mode, "distributed");
  EXPECT_EQ(got->job.source_type, "api");
  EXPECT_EQ(got->job.created_at, clock_.Now());
  EXPECT_FALSE(got->job.started_at);
  EXPECT_EQ(boost::json::parse(*got->job.input_json), boost::json::parse(job.input_json));
  ASSERT_EQ(got->steps.size(), 3u);
  EXPECT_EQ(got->steps[0].step_name, "build");
  EXPECT_EQ(got->steps[0].action_image, "alpine");
  EXPECT_EQ(got->steps[0].status, "ready");
  EXPECT_EQ(got->steps[1].status, "pending");
  EXPECT_EQ(got->steps[1].depends_on, std::vector<std::string>{"build"});
  EXPECT_EQ(got->steps[2].status, "ready");
  EXPECT_EQ(got->steps[2].flow_index, 2);
  EXPECT_EQ(got->steps[2].attempt, 0);
}

TEST_P(ConformanceTest, GetJobStepsReadsOnlyTheNamedSteps) {
  std::string id =
      Create(MakeJob({MakeStep("build"), MakeStep("unit-test", {"build"}), MakeStep("lint")}));
  auto got = store_->GetJobSteps(id, {"lint", "unit-test", "nope"});
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->job.job_id, id);
  ASSERT_EQ(got->steps.size(), 2u);
  EXPECT_EQ(got->steps[0].step_name, "unit-test");  // flow order
  EXPECT_EQ(got->steps[1].step_name, "lint");
  auto none = store_->GetJobSteps(id, {});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->steps.empty());
  EXPECT_EQ(store_->GetJobSteps("00000000-0000-4000-8000-000000000000", {"x"}).error().code,
            ErrorCode::kNotFound);
}

TEST_P(ConformanceTest, CreateJobRefusesBadFlowsWithoutWritingAnything) {
  EXPECT_EQ(store_->CreateJob(MakeJob({MakeStep("a"), MakeStep("a")})).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateJob(MakeJob({MakeStep("a", {"zz"})})).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->CreateJob(MakeJob({MakeStep("a", {"b"}), MakeStep("b", {"a"})})).error().code,
            ErrorCode::kInvalidArgument);
  NewJob bad_json = MakeJob({MakeStep("a"), MakeStep("b")});
  bad_json.steps[1].input_json = "{not json";
  EXPECT_EQ(store_->CreateJob(bad_json).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->ListJobs({})->empty());
}

// Mode and source type are one of their documented values, whatever the case or spacing.
TEST_P(ConformanceTest, CreateJobRefusesAnUnknownModeOrSourceType) {
  auto expect_refused = [&](const std::string& mode, const std::string& source) {
    NewJob job = MakeJob({MakeStep("a")});
    job.mode = mode;
    job.source_type = source;
    auto created = store_->CreateJob(job);
    ASSERT_FALSE(created) << mode << " / " << source;
    EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument) << mode << " / " << source;
  };
  for (const char* mode : {"", "Local", "local ", "remote"}) expect_refused(mode, "api");
  for (const char* source : {"", "API", "cron", "user\n"}) expect_refused("local", source);
  EXPECT_TRUE(store_->ListJobs({})->empty());
  for (const char* mode : {"local", "distributed"})
    for (const char* source : {"trigger", "user", "api", "webhook"}) {
      NewJob job = MakeJob({MakeStep("a")});
      job.mode = mode;
      job.source_type = source;
      auto id = Create(job);
      EXPECT_EQ(store_->GetJob(id)->job.mode, mode);
      EXPECT_EQ(store_->GetJob(id)->job.source_type, source);
    }
}

TEST_P(ConformanceTest, JobWithoutStepsCompletesAtOnce) {
  auto id = Create(MakeJob({}));
  auto got = store_->GetJob(id);
  EXPECT_EQ(got->job.status, "completed");
  EXPECT_EQ(got->job.completed_at, clock_.Now());
}

TEST_P(ConformanceTest, UnknownJobIsNotFound) {
  EXPECT_EQ(store_->GetJob(NewUuid()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetJob("not-a-uuid").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->CompleteStep(NewUuid(), "a", std::nullopt, kOk).error().code,
            ErrorCode::kNotFound);
  auto id = Create(MakeJob({MakeStep("a")}));
  EXPECT_EQ(store_->CompleteStep(id, "zz", std::nullopt, kOk).error().code, ErrorCode::kNotFound);
}

TEST_P(ConformanceTest, ListJobsNewestFirstWithPagingAndFilters) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    NewJob job = MakeJob({MakeStep("a")}, i % 2 ? "odd" : "even");
    if (i == 4) job.workspace = "other";
    ids.push_back(Create(job));
  }
  auto all = store_->ListJobs({});
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ((*all)[0].job_id, ids[4]);
  EXPECT_EQ((*all)[4].job_id, ids[0]);
  auto page = store_->ListJobs({.limit = 2, .offset = 1});
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].job_id, ids[3]);
  EXPECT_EQ(store_->ListJobs({.task_name = "odd"})->size(), 2u);
  EXPECT_EQ(store_->ListJobs({.workspace = "other"})->size(), 1u);
  MustClaim(Worker());
  auto running = store_->ListJobs({.status = "running"});
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ((*running)[0].job_id, ids[0]);
  EXPECT_EQ(store_->ListJobs({.limit = -1}).error().code, ErrorCode::kInvalidArgument);
}

// The /metrics gauge: pending and running jobs; ended ones (completed, cancelled) are not.
TEST_P(ConformanceTest, CountsPendingAndRunningJobs) {
  auto counted = [&] {
    auto active = store_->CountActiveJobs();
    EXPECT_TRUE(active) << active.error().message;
    const ActiveJobs a = active.value_or(ActiveJobs{-1, -1});
    return std::vector<int64_t>{a.pending, a.running};
  };
  EXPECT_EQ(counted(), (std::vector<int64_t>{0, 0}));
  Create(MakeJob({MakeStep("a")}));
  Create(MakeJob({MakeStep("b"), MakeStep("c")}));
  const std::string third = Create(MakeJob({MakeStep("d")}));
  EXPECT_EQ(counted(), (std::vector<int64_t>{3, 0}));
  Claim a = MustClaim(Worker());
  ASSERT_TRUE(store_->CancelJob(third));
  EXPECT_EQ(counted(), (std::vector<int64_t>{1, 1}));
  Complete(a);
  EXPECT_EQ(counted(), (std::vector<int64_t>{1, 0}));
}

TEST_P(ConformanceTest, ClaimStartsAnAttemptAndTheJob) {
  std::string worker = Worker();
  auto id = Create(MakeJob({MakeStep("a")}));
  clock_.Advance(seconds(3));
  Claim c = MustClaim(worker);
  EXPECT_EQ(c.step.job_id, id);
  EXPECT_EQ(c.step.status, "running");
  EXPECT_EQ(c.step.worker_id, worker);
  EXPECT_EQ(c.step.started_at, clock_.Now());
  EXPECT_EQ(c.step.attempt, 1);
  EXPECT_TRUE(IsUuid(c.attempt_id));
  EXPECT_EQ(c.step.attempt_id, c.attempt_id);
  EXPECT_EQ(c.lease_expires_at, clock_.Now() + seconds(60));
  EXPECT_EQ(c.step.lease_expires_at, c.lease_expires_at);
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "running");
  EXPECT_EQ(job->job.started_at, clock_.Now());
  EXPECT_FALSE(store_->ClaimStep(worker, {"shell"}).value());
}

// Each of many jobs is started by its first claim, once: its started_at is that claim's
// time, and later claims of its steps leave it.
TEST_P(ConformanceTest, EachOfManyJobsIsStartedByItsFirstClaim) {
  const std::string worker = Worker();
  std::vector<std::string> jobs;
  for (int i = 0; i < 12; ++i)
    jobs.push_back(Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"})})));
  std::vector<Claim> firsts;
  for (const std::string& job : jobs) {
    clock_.Advance(seconds(1));
    firsts.push_back(MustClaim(worker));
    EXPECT_EQ(firsts.back().step.job_id, job);
    EXPECT_EQ(JobStatus(job), "running");
  }
  for (const Claim& first : firsts) Complete(first);
  clock_.Advance(seconds(1));
  for (size_t i = 0; i < jobs.size(); ++i) {
    const Claim second = MustClaim(worker);
    EXPECT_EQ(second.step.step_name, "b");
    auto job = store_->GetJob(second.step.job_id);
    EXPECT_EQ(job->job.status, "running");
    EXPECT_EQ(job->job.started_at, firsts[i].step.started_at);
  }
}

TEST_P(ConformanceTest, ClaimMatchesCapabilities) {
  Create(MakeJob({MakeStep("a", {}, "docker")}));
  std::string worker = Worker();
  EXPECT_FALSE(store_->ClaimStep(worker, {"shell"}).value());
  EXPECT_EQ(MustClaim(worker, {"shell", "docker"}).step.step_name, "a");
  EXPECT_EQ(store_->ClaimStep("bad", {"shell"}).error().code, ErrorCode::kInvalidArgument);
}

// A capability matches an action type only when equal: no case folding, prefixes or JSON
// escaping shows through; a step no capability matches is passed over in FIFO order, not
// blocking the ones behind it.
TEST_P(ConformanceTest, ClaimMatchesCapabilitiesExactlyInFifoOrder) {
  const std::string odd = "a \"quoted\" \\ type, [not] json: ünï";
  auto first = Create(MakeJob({MakeStep("docker", {}, "docker"), MakeStep("odd", {}, odd)}));
  auto second = Create(MakeJob({MakeStep("shell"), MakeStep("odd2", {}, odd)}));
  std::string worker = Worker();
  for (const std::vector<std::string>& caps : std::vector<std::vector<std::string>>{
           {}, {"Docker"}, {"dock"}, {"docker "}, {"a \"quoted\""}, {"[\"docker\"]"}})
    EXPECT_FALSE(store_->ClaimStep(worker, caps).value()) << ::testing::PrintToString(caps);
  EXPECT_EQ(MustClaim(worker, {"x", odd}).step.step_name, "odd");
  Claim shell = MustClaim(worker, {"shell", odd});
  EXPECT_EQ(shell.step.job_id, second);
  EXPECT_EQ(shell.step.step_name, "shell");
  EXPECT_EQ(MustClaim(worker, {odd}).step.step_name, "odd2");
  EXPECT_FALSE(store_->ClaimStep(worker, {odd, "shell"}).value());
  Claim docker = MustClaim(worker, {"docker"});
  EXPECT_EQ(docker.step.job_id, first);
  EXPECT_EQ(docker.step.action_type, "docker");
}

TEST_P(ConformanceTest, ClaimIsFifoByJobThenFlowOrder) {
  auto first = Create(MakeJob({MakeStep("z"), MakeStep("a")}));
  auto second = Create(MakeJob({MakeStep("m")}));
  std::string worker = Worker();
  std::vector<std::pair<std::string, std::string>> order;
  for (int i = 0; i < 3; ++i) {
    Claim c = MustClaim(worker);
    order.emplace_back(c.step.job_id, c.step.step_name);
  }
  EXPECT_EQ(order, (std::vector<std::pair<std::string, std::string>>{
                       {first, "z"}, {first, "a"}, {second, "m"}}));
}

TEST_P(ConformanceTest, ChainRunsToCompletion) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"}), MakeStep("c", {"b"})}));
  std::string worker = Worker();
  Completion done = Complete(MustClaim(worker));
  EXPECT_EQ(done.steps_ready, 1);
  EXPECT_FALSE(done.job_finished);
  EXPECT_EQ(done.job_status, "running");
  Complete(MustClaim(worker));
  clock_.Advance(seconds(1));
  done = Complete(MustClaim(worker));
  EXPECT_TRUE(done.job_finished);
  EXPECT_EQ(done.job_status, "completed");
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "completed");
  EXPECT_EQ(job->job.completed_at, clock_.Now());
  EXPECT_EQ(job->steps[2].exit_code, 0);
  EXPECT_EQ(boost::json::parse(*job->steps[2].output_json), boost::json::parse(*kOk.output_json));
}

TEST_P(ConformanceTest, DiamondWaitsForBothBranches) {
  auto id = Create(MakeJob(
      {MakeStep("a"), MakeStep("b", {"a"}), MakeStep("c", {"a"}), MakeStep("d", {"b", "c"})}));
  std::string worker = Worker();
  EXPECT_EQ(Complete(MustClaim(worker)).steps_ready, 2);
  Claim b = MustClaim(worker);
  Claim c = MustClaim(worker);
  EXPECT_EQ(Complete(b).steps_ready, 0);
  EXPECT_EQ(Statuses(id)["d"], "pending");
  EXPECT_EQ(Complete(c).steps_ready, 1);
  EXPECT_TRUE(Complete(MustClaim(worker)).job_finished);
  EXPECT_EQ(JobStatus(id), "completed");
}

TEST_P(ConformanceTest, DiamondFailureSkipsDescendantsAndLetsBranchesFinish) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"}), MakeStep("c", {"a"}),
                            MakeStep("d", {"b", "c"}), MakeStep("e", {"d"}), MakeStep("f")}));
  std::string worker = Worker();
  Complete(MustClaim(worker));  // a
  Claim b = MustClaim(worker);  // ready steps in flow order: b, c, f
  EXPECT_EQ(b.step.step_name, "b");
  Claim c = MustClaim(worker);
  Claim last = MustClaim(worker);
  EXPECT_EQ(last.step.step_name, "f");
  Completion failed = Complete(b, kExit2);
  EXPECT_FALSE(failed.job_finished);
  auto statuses = Statuses(id);
  EXPECT_EQ(statuses["b"], "failed");
  EXPECT_EQ(statuses["d"], "skipped");
  EXPECT_EQ(statuses["e"], "skipped");
  EXPECT_EQ(statuses["c"], "running");
  Complete(c);
  Completion end = Complete(last);
  EXPECT_TRUE(end.job_finished);
  EXPECT_EQ(end.job_status, "failed");
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->steps[1].error_message, "Process exited with code 2");
  EXPECT_EQ(job->steps[1].exit_code, 2);
}

TEST_P(ConformanceTest, ChainFailureSkipsEverythingAfterAndFailsTheJob) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"}), MakeStep("c", {"b"})}));
  Completion done = Complete(MustClaim(Worker()), StepResult{std::nullopt, std::nullopt, ""});
  EXPECT_TRUE(done.job_finished);
  EXPECT_EQ(done.job_status, "failed");
  EXPECT_EQ(Statuses(id), (std::map<std::string, std::string>{
                              {"a", "failed"}, {"b", "skipped"}, {"c", "skipped"}}));
  EXPECT_EQ(store_->GetJob(id)->steps[0].error_message, "");
}

// A result that asks for the worker's next step: recorded, then the next claimable step
// claimed for the worker (on PostgreSQL in the record's own transaction), here the
// dependent the record made ready.
TEST_P(ConformanceTest, CompleteStepAndClaimHandsOutTheNextStep) {
  const std::string worker = Worker();
  const std::string job = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"})}));
  const Claim a = MustClaim(worker);
  auto done = store_->CompleteStepAndClaim(job, "a", a.attempt_id, kOk, worker, {"shell"});
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->done.steps_ready, 1);
  EXPECT_FALSE(done->done.job_finished);
  ASSERT_TRUE(done->next && *done->next);
  const Claim& b = **done->next;
  EXPECT_EQ(b.step.step_name, "b");
  EXPECT_EQ(b.step.status, "running");
  EXPECT_NE(b.attempt_id, a.attempt_id);
  EXPECT_EQ(Statuses(job)["a"], "completed");
  EXPECT_EQ(Statuses(job)["b"], "running");
  auto last = store_->CompleteStepAndClaim(job, "b", b.attempt_id, kOk, worker, {"shell"});
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_TRUE(last->done.job_finished);
  EXPECT_EQ(last->done.job_status, "completed");
  ASSERT_TRUE(last->next);
  EXPECT_FALSE(*last->next);
}

// A claim that cannot be made does not hold the record back: the completion stands, with
// its consequences, and the claim's error comes with it.
TEST_P(ConformanceTest, CompleteStepAndClaimKeepsTheRecordWhenTheClaimFails) {
  const std::string worker = Worker();
  const std::string job = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"})}));
  const Claim a = MustClaim(worker);
  auto done = store_->CompleteStepAndClaim(job, "a", a.attempt_id, kOk, "not-a-worker", {"shell"});
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->done.steps_ready, 1);
  ASSERT_FALSE(done->next);
  EXPECT_EQ(done->next.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Statuses(job)["a"], "completed");
  EXPECT_EQ(Statuses(job)["b"], "ready");
}

// A refused result claims nothing: the step that was ready stays ready for others.
TEST_P(ConformanceTest, CompleteStepAndClaimClaimsNothingForARefusedResult) {
  const std::string worker = Worker();
  const std::string job = Create(MakeJob({MakeStep("a")}));
  const Claim a = MustClaim(worker);
  Complete(a);
  const std::string other = Create(MakeJob({MakeStep("x")}));
  auto again = store_->CompleteStepAndClaim(job, "a", a.attempt_id, kOk, worker, {"shell"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kStaleAttempt);
  EXPECT_EQ(Statuses(other)["x"], "ready");
  EXPECT_EQ(MustClaim(worker).step.job_id, other);
}

// The next step matches the worker's capabilities, as a claim does.
TEST_P(ConformanceTest, CompleteStepAndClaimMatchesCapabilities) {
  const std::string worker = Worker();
  const std::string job = Create(MakeJob({MakeStep("a"), MakeStep("d", {}, "docker")}));
  const Claim a = MustClaim(worker);
  auto done = store_->CompleteStepAndClaim(job, "a", a.attempt_id, kOk, worker, {"shell"});
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_TRUE(done->next);
  EXPECT_FALSE(*done->next);
  EXPECT_EQ(Statuses(job)["d"], "ready");
}

TEST_P(ConformanceTest, StaleAttemptsAreRefused) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b")}));
  Claim c = MustClaim(Worker());
  EXPECT_EQ(store_->CompleteStep(id, "a", NewUuid(), kOk).error().code, ErrorCode::kStaleAttempt);
  EXPECT_EQ(store_->CompleteStep(id, "a", "garbage", kOk).error().code, ErrorCode::kStaleAttempt);
  EXPECT_EQ(Statuses(id)["a"], "running");
  Complete(c);
  EXPECT_EQ(store_->CompleteStep(id, "a", c.attempt_id, kExit2).error().code,
            ErrorCode::kStaleAttempt);
  EXPECT_EQ(store_->CompleteStep(id, "b", std::nullopt, kOk).error().code,
            ErrorCode::kStaleAttempt);  // ready, never claimed
  EXPECT_EQ(Statuses(id)["a"], "completed");
}

TEST_P(ConformanceTest, SeedStyleCompletionWithoutAttemptIdWorksWhileRunning) {
  auto id = Create(MakeJob({MakeStep("a")}));
  MustClaim(Worker());
  auto done = store_->CompleteStep(id, "a", std::nullopt, kOk);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(done->job_finished);
  EXPECT_EQ(store_->CompleteStep(id, "a", std::nullopt, kOk).error().code,
            ErrorCode::kStaleAttempt);
}

TEST_P(ConformanceTest, StartStepChecksStateAndAttempt) {
  auto id = Create(MakeJob({MakeStep("a")}));
  EXPECT_EQ(store_->StartStep(id, "a", std::nullopt).error().code, ErrorCode::kConflict);
  Claim c = MustClaim(Worker());
  EXPECT_TRUE(store_->StartStep(id, "a", c.attempt_id));
  EXPECT_TRUE(store_->StartStep(id, "a", std::nullopt));
  EXPECT_EQ(store_->StartStep(id, "a", NewUuid()).error().code, ErrorCode::kStaleAttempt);
  EXPECT_EQ(store_->StartStep(id, "zz", std::nullopt).error().code, ErrorCode::kNotFound);
}

TEST_P(ConformanceTest, ExpiredLeaseFailsTheAttemptAndCascades) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"})}));
  Claim c = MustClaim(Worker());
  clock_.Advance(seconds(60));
  EXPECT_EQ(store_->FailExpiredAttempts()->attempts_failed, 0);  // expiry is not yet past
  clock_.Advance(seconds(1));
  auto sweep = store_->FailExpiredAttempts();
  ASSERT_TRUE(sweep) << sweep.error().message;
  EXPECT_EQ(sweep->attempts_failed, 1);
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "failed");
  EXPECT_EQ(job->steps[0].error_message, "worker lost");
  EXPECT_EQ(job->steps[1].status, "skipped");
  EXPECT_EQ(store_->CompleteStep(id, "a", c.attempt_id, kOk).error().code,
            ErrorCode::kStaleAttempt);
  EXPECT_EQ(store_->FailExpiredAttempts()->attempts_failed, 0);
}

// The sweeper reads the expired attempts, then fails them: a heartbeat landing in between
// (at any of the sweeper's clock reads) must win, or a live worker's step is failed.
TEST_P(ConformanceTest, SweepNeverOverrulesAHeartbeatThatLandsDuringIt) {
  HookClock hook_clock(clock_);
  auto sweeper = OpenStore(db_->url(), hook_clock);
  ASSERT_TRUE(sweeper) << sweeper.error().message;
  std::string worker = Worker();
  for (int call = 1; call <= 4; ++call) {
    SCOPED_TRACE("heartbeat at clock read " + std::to_string(call));
    auto id = Create(MakeJob({MakeStep("a")}));
    Claim c = MustClaim(worker);
    clock_.Advance(seconds(61));  // the lease is past
    int extended = -1;            // -1: the sweep read the clock fewer times
    hook_clock.Arm(call, [&] { extended = store_->Heartbeat(worker).value_or(-2); });
    auto sweep = (*sweeper)->FailExpiredAttempts();
    hook_clock.Disarm();
    ASSERT_TRUE(sweep) << sweep.error().message;
    const bool alive = extended == 1;  // the heartbeat extended the running attempt's lease
    EXPECT_EQ(sweep->attempts_failed, alive ? 0 : 1);
    EXPECT_EQ(Statuses(id)["a"], alive ? "running" : "failed");
    if (alive) Complete(c);
  }
}

// A claim whose response never reached the worker: the worker's heartbeats name only the
// attempts it runs, so the unknown one expires and is failed instead of running forever.
TEST_P(ConformanceTest, HeartbeatWithAttemptsKeepsOnlyThoseAlive) {
  std::string worker = Worker();
  Create(MakeJob({MakeStep("a"), MakeStep("b")}));
  Claim a = MustClaim(worker);
  Claim lost = MustClaim(worker);
  clock_.Advance(seconds(50));
  EXPECT_EQ(store_->HeartbeatAttempts(worker, {a.attempt_id, "junk", NewUuid()}).value_or(-1), 1);
  clock_.Advance(seconds(30));
  EXPECT_EQ(store_->FailExpiredAttempts()->attempts_failed, 1);
  EXPECT_EQ(Statuses(a.step.job_id)[lost.step.step_name], "failed");
  EXPECT_EQ(Statuses(a.step.job_id)[a.step.step_name], "running");
  EXPECT_EQ(store_->HeartbeatAttempts("nope", {}).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ConformanceTest, HeartbeatsAndLeaseExtensionsKeepAttemptsAlive) {
  std::string worker = Worker();
  Create(MakeJob({MakeStep("a"), MakeStep("b")}));
  Claim a = MustClaim(worker);
  Claim b = MustClaim(worker);
  clock_.Advance(seconds(50));
  EXPECT_EQ(store_->Heartbeat(worker).value_or(-1), 2);
  clock_.Advance(seconds(50));
  auto extended = store_->ExtendLease(a.attempt_id);
  ASSERT_TRUE(extended) << extended.error().message;
  EXPECT_EQ(*extended, clock_.Now() + seconds(60));
  EXPECT_EQ(store_->FailExpiredAttempts()->attempts_failed, 0);
  clock_.Advance(seconds(30));  // b's lease (from the heartbeat) is past, a's is not
  EXPECT_EQ(store_->FailExpiredAttempts()->attempts_failed, 1);
  EXPECT_EQ(Statuses(a.step.job_id)["b"], "failed");
  EXPECT_EQ(Statuses(a.step.job_id)["a"], "running");
  EXPECT_EQ(store_->ExtendLease(b.attempt_id).error().code, ErrorCode::kStaleAttempt);
}

TEST_P(ConformanceTest, CompleteJobFinishesALocalModeJobOnce) {
  auto id = Create(MakeJob({MakeStep("a")}));
  ASSERT_TRUE(store_->CompleteJob(id, R"({"result":1})"));
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "completed");
  EXPECT_EQ(boost::json::parse(*job->job.output_json), boost::json::parse(R"({"result":1})"));
  EXPECT_EQ(store_->CompleteJob(id, std::nullopt).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->CompleteJob(NewUuid(), std::nullopt).error().code, ErrorCode::kNotFound);
}

TEST_P(ConformanceTest, CompleteJobCancelsStepsThatCouldStillRun) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b"), MakeStep("c", {"a"})}));
  std::string worker = Worker();
  Claim a = MustClaim(worker);  // b stays ready, c pending
  clock_.Advance(seconds(2));
  ASSERT_TRUE(store_->CompleteJob(id, std::nullopt));
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "completed");
  EXPECT_EQ(job->steps[0].status, "running");  // a running step is left to its worker
  EXPECT_EQ(job->steps[1].status, "cancelled");
  EXPECT_EQ(job->steps[1].completed_at, clock_.Now());
  EXPECT_EQ(job->steps[2].status, "cancelled");
  EXPECT_FALSE(store_->ClaimStep(worker, {"shell"}).value());
  Completion late = Complete(a);  // accepted, but neither promotes nor reopens anything
  EXPECT_EQ(late.steps_ready, 0);
  EXPECT_FALSE(late.job_finished);
  EXPECT_EQ(late.job_status, "completed");
  EXPECT_EQ(Statuses(id)["c"], "cancelled");
  EXPECT_EQ(JobStatus(id), "completed");
}

INSTANTIATE_TEST_SUITE_P(Backends, ConformanceTest, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::storage::testing
