#include "runner/internal/environment.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stroem::runner::internal {
namespace {

using ::testing::ElementsAre;

// The examples of docs/workflow-authoring.md and of stroem::workflow::InputEnvName's tests.
TEST(InputEnvName, MatchesTheWorkflowLibrary) {
  EXPECT_EQ(InputEnvName("name"), "STROEM_INPUT_NAME");
  EXPECT_EQ(InputEnvName("deploy-env"), "STROEM_INPUT_DEPLOY_ENV");
  EXPECT_EQ(InputEnvName("deploy-env.x"), "STROEM_INPUT_DEPLOY_ENV_X");
  EXPECT_EQ(InputEnvName("Mixed_Case9"), "STROEM_INPUT_MIXED_CASE9");
  EXPECT_EQ(InputEnvName("ø"), "STROEM_INPUT___");  // one `_` per byte, as workflow does
}

TEST(BuildEnvironment, LayersBaseActionInputsAndStroemVariables) {
  StepRun step;
  step.job_id = "j";
  step.task = "t";
  step.step = "s";
  step.env = {{"A", "action"}, {"B", "b"}};
  step.inputs = {{"deploy-env", "prod"}};
  const char* base[] = {"A=worker", "PATH=/bin", "STROEM_JOB_ID=spoofed", "malformed", nullptr};
  auto env = BuildEnvironment(step, base);
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_THAT(*env, ElementsAre("A=action", "PATH=/bin", "STROEM_JOB_ID=j", "B=b",
                                "STROEM_INPUT_DEPLOY_ENV=prod", "STROEM_TASK=t", "STROEM_STEP=s"));
}

TEST(BuildEnvironment, RefusesNamesAndValuesTheKernelCannotCarry) {
  StepRun step;
  step.env = {{"A=B", "x"}};
  EXPECT_FALSE(BuildEnvironment(step, nullptr));
  step.env = {{"", "x"}};
  EXPECT_FALSE(BuildEnvironment(step, nullptr));
  step.env = {{"A", std::string("x\0y", 3)}};
  auto env = BuildEnvironment(step, nullptr);
  ASSERT_FALSE(env);
  EXPECT_EQ(env.error().message, "environment variable A contains a NUL byte");
}

}  // namespace
}  // namespace stroem::runner::internal
