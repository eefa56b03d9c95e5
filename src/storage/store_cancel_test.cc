// Conformance (every backend): timeouts stored with jobs and steps, cancelling jobs, task
// deadlines, and which attempts a worker must stop.
#include "common/id.h"
#include "storage/testing/conformance_fixture.h"

namespace stroem::storage::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

class CancelTest : public ConformanceTest {};

TEST_P(CancelTest, TimeoutsAreStoredWithTheJobAndItsSteps) {
  NewJob job = MakeJob({MakeStep("a"), MakeStep("b")});
  job.timeout = minutes(5);
  job.steps[0].timeout = milliseconds(1500);
  auto id = Create(job);
  auto got = store_->GetJob(id);
  EXPECT_EQ(got->job.timeout, minutes(5));
  EXPECT_EQ(got->job.deadline_at, clock_.Now() + minutes(5));
  EXPECT_EQ(got->steps[0].timeout, milliseconds(1500));
  EXPECT_FALSE(got->steps[1].timeout);
  EXPECT_EQ(MustClaim(Worker()).step.timeout, milliseconds(1500));
  EXPECT_FALSE(store_->GetJob(Create(MakeJob({MakeStep("c")})))->job.deadline_at);
}

TEST_P(CancelTest, CancelEndsTheJobAndEveryUnfinishedStep) {
  auto id = Create(
      MakeJob({MakeStep("done"), MakeStep("run"), MakeStep("wait", {"run"}), MakeStep("ready")}));
  std::string worker = Worker();
  Complete(MustClaim(worker));    // done
  Claim run = MustClaim(worker);  // run; `ready` stays ready, `wait` pending
  clock_.Advance(seconds(3));
  auto cancelled = store_->CancelJob(id);
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(cancelled->steps_cancelled, 3);
  EXPECT_EQ(cancelled->running_cancelled, 1);
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "cancelled");
  EXPECT_EQ(job->job.completed_at, clock_.Now());
  EXPECT_EQ(Statuses(id), (std::map<std::string, std::string>{{"done", "completed"},
                                                              {"run", "cancelled"},
                                                              {"wait", "cancelled"},
                                                              {"ready", "cancelled"}}));
  EXPECT_EQ(job->steps[1].error_message, "job cancelled");
  EXPECT_EQ(job->steps[1].completed_at, clock_.Now());
  EXPECT_FALSE(store_->ClaimStep(worker, {"shell"}).value());
  EXPECT_EQ(store_->AttemptsToStop({run.attempt_id}).value(),
            std::vector<std::string>{run.attempt_id});
}

TEST_P(CancelTest, ALateResultAfterCancelIsRefusedAndChangesNothing) {
  auto id = Create(MakeJob({MakeStep("a"), MakeStep("b", {"a"})}));
  Claim a = MustClaim(Worker());
  ASSERT_TRUE(store_->CancelJob(id));
  for (const StepResult& late : {kOk, kExit2}) {
    auto done = store_->CompleteStep(id, "a", a.attempt_id, late);
    ASSERT_FALSE(done);
    EXPECT_EQ(done.error().code, ErrorCode::kStaleAttempt);
  }
  EXPECT_EQ(store_->ExtendLease(a.attempt_id).error().code, ErrorCode::kStaleAttempt);
  EXPECT_EQ(JobStatus(id), "cancelled");
  EXPECT_EQ(Statuses(id),
            (std::map<std::string, std::string>{{"a", "cancelled"}, {"b", "cancelled"}}));
}

TEST_P(CancelTest, CancelOfAFinishedJobIsAConflict) {
  auto done = Create(MakeJob({MakeStep("a")}));
  Complete(MustClaim(Worker()));
  auto again = store_->CancelJob(done);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "job is already completed");
  auto pending = Create(MakeJob({MakeStep("a")}));
  ASSERT_TRUE(store_->CancelJob(pending));
  EXPECT_EQ(store_->CancelJob(pending).error().message, "job is already cancelled");
  EXPECT_EQ(store_->CancelJob(NewUuid()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->CancelJob("not-a-uuid").error().code, ErrorCode::kNotFound);
}

TEST_P(CancelTest, OverdueJobsFailWithTheirUnfinishedStepsCancelled) {
  NewJob timed = MakeJob({MakeStep("a"), MakeStep("b", {"a"})});
  timed.timeout = seconds(90);
  auto id = Create(timed);
  NewJob later = MakeJob({MakeStep("x")});
  later.timeout = minutes(10);
  auto other = Create(later);
  auto untimed = Create(MakeJob({MakeStep("y")}));
  Claim a = MustClaim(Worker());
  clock_.Advance(seconds(90));
  EXPECT_EQ(store_->FailOverdueJobs()->jobs_failed, 0);  // the deadline is not yet past
  clock_.Advance(milliseconds(1));
  auto sweep = store_->FailOverdueJobs();
  ASSERT_TRUE(sweep) << sweep.error().message;
  EXPECT_EQ(sweep->jobs_failed, 1);
  EXPECT_EQ(sweep->steps_cancelled, 2);
  auto job = store_->GetJob(id);
  EXPECT_EQ(job->job.status, "failed");
  EXPECT_EQ(job->job.completed_at, clock_.Now());
  EXPECT_EQ(job->steps[0].status, "cancelled");
  EXPECT_EQ(job->steps[0].error_message, "task timed out after 1m30s");
  EXPECT_EQ(job->steps[1].status, "cancelled");
  EXPECT_EQ(store_->CompleteStep(id, "a", a.attempt_id, kOk).error().code,
            ErrorCode::kStaleAttempt);
  EXPECT_EQ(JobStatus(other), "pending");  // its deadline is later
  EXPECT_EQ(JobStatus(untimed), "pending");
  EXPECT_EQ(store_->FailOverdueJobs()->jobs_failed, 0);
}

TEST_P(CancelTest, AFinishedJobIsNotFailedByItsDeadline) {
  NewJob timed = MakeJob({MakeStep("a")});
  timed.timeout = seconds(1);
  auto id = Create(timed);
  Complete(MustClaim(Worker()));
  clock_.Advance(seconds(2));
  EXPECT_EQ(store_->FailOverdueJobs()->jobs_failed, 0);
  EXPECT_EQ(JobStatus(id), "completed");
}

TEST_P(CancelTest, AttemptsToStopAreThoseNoLongerRunningInALiveJob) {
  std::string worker = Worker();
  auto first = Create(MakeJob({MakeStep("a"), MakeStep("b")}));
  Claim a = MustClaim(worker);
  Claim b = MustClaim(worker);
  Complete(b);
  const std::string unknown = NewUuid();
  EXPECT_EQ(store_->AttemptsToStop({a.attempt_id, b.attempt_id, unknown, "junk"}).value(),
            (std::vector<std::string>{b.attempt_id, unknown, "junk"}));
  EXPECT_TRUE(store_->AttemptsToStop({}).value().empty());
  // A step still running in a finished job (CompleteJob leaves running steps alone).
  ASSERT_TRUE(store_->CompleteJob(first, std::nullopt));
  EXPECT_EQ(store_->AttemptsToStop({a.attempt_id}).value(), std::vector<std::string>{a.attempt_id});
}

INSTANTIATE_TEST_SUITE_P(Backends, CancelTest, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::storage::testing
