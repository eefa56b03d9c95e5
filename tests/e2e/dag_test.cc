// DAG execution seen from outside: outputs flow along a diamond, a failure skips its
// descendants and fails the job, and independent branches really run at the same time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "cluster_test.h"

namespace stroem::e2e {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

template <typename Shape>
class E2eDag : public ClusterTest<Shape> {};
TYPED_TEST_SUITE(E2eDag, ClusterShapes, ClusterShapeNames);

// The example workspace's diamond: source -> (left, right) -> join -> summary (a script).
TYPED_TEST(E2eDag, DiamondPassesOutputsDownstream) {
  Cluster& c = this->cluster();
  std::string id = c.Trigger("diamond", {{"start", 2}});
  json::value job = c.WaitForJob(id);
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job) << c.Output();
  EXPECT_EQ(StepField(job, "source", "output"), json::parse(R"({"value": 2})"));
  EXPECT_EQ(StepField(job, "left", "output"), json::parse(R"({"value": 20})"));
  EXPECT_EQ(StepField(job, "right", "output"), json::parse(R"({"value": 200})"));
  EXPECT_EQ(StepField(job, "join", "output"), json::parse(R"({"sum": 220})"));
  EXPECT_EQ(StepField(job, "summary", "output"), json::parse(R"({"total": 220})"));
  EXPECT_THAT(c.Logs(id), HasSubstr("The total is 220\n"));
  // The default start (1) gives 10 + 100.
  job = c.WaitForJob(c.Trigger("diamond"));
  EXPECT_EQ(StepField(job, "join", "output"), json::parse(R"({"sum": 110})"));
}

TYPED_TEST(E2eDag, FailingStepSkipsItsDescendantsAndFailsTheJob) {
  Cluster& c = this->cluster();
  std::string id = c.Trigger("e2e-fail-chain");
  json::value job = c.WaitForJob(id);
  ASSERT_EQ(StatusOf(job), "failed") << json::serialize(job) << c.Output();
  EXPECT_EQ(StepStatus(job, "breaks"), "failed");
  EXPECT_EQ(StepField(job, "breaks", "exit_code"), 7);
  EXPECT_TRUE(StepField(job, "breaks", "error_message").is_string());
  EXPECT_EQ(StepStatus(job, "child"), "skipped");
  EXPECT_EQ(StepStatus(job, "grandchild"), "skipped");
  EXPECT_EQ(StepStatus(job, "unrelated"), "completed");
  EXPECT_TRUE(job.at("completed_at").is_string());
  EXPECT_THAT(c.Logs(id), HasSubstr("failing on purpose\n"));

  RunResult status = c.Cli({"status", id});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, ::testing::ContainsRegex("Status: +failed"));
  EXPECT_THAT(status.out, ::testing::ContainsRegex("child +skipped"));
  EXPECT_THAT(status.out, HasSubstr("ERROR:"));
}

// The example workspace's failure-demo, as the quickstart docs describe it.
TYPED_TEST(E2eDag, FailureDemoRunsTheIndependentBranch) {
  Cluster& c = this->cluster();
  json::value job = c.WaitForJob(c.Trigger("failure-demo"));
  ASSERT_EQ(StatusOf(job), "failed") << json::serialize(job);
  EXPECT_EQ(StepStatus(job, "breaks"), "failed");
  EXPECT_EQ(StepField(job, "breaks", "exit_code"), 3);
  EXPECT_EQ(StepStatus(job, "never-runs"), "skipped");
  EXPECT_EQ(StepStatus(job, "independent"), "completed");
}

// left and right each create a marker and wait (bounded, inside the step) for the
// other's: both complete only if they ran at the same time. No timing is measured.
TYPED_TEST(E2eDag, ParallelBranchesRunAtTheSameTime) {
  Cluster& c = this->cluster();
  std::string markers = c.dir() + "/markers";
  std::filesystem::create_directories(markers);
  json::value job = c.WaitForJob(c.Trigger("e2e-parallel", {{"dir", markers}}));
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job) << c.Output();
  EXPECT_EQ(StepStatus(job, "after"), "completed");
  if (c.worker_count() == 2) {
    // Each worker runs one step at a time: the branches ran on different workers.
    json::value left = StepField(job, "left", "worker_id"),
                right = StepField(job, "right", "worker_id");
    ASSERT_TRUE(left.is_string() && right.is_string()) << json::serialize(job);
    EXPECT_NE(left, right);
  }
}

}  // namespace
}  // namespace stroem::e2e
