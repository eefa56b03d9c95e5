#include "runner/internal/command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "runner/test_util.h"

namespace stroem::runner::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ResolveScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws_.Write("ws/scripts/run.sh", "echo hi\n");
    ws_.Write("outside.sh", "echo out\n");
    root_ = ws_.Path("ws");
    real_ = std::filesystem::canonical(root_).string();
  }
  testing::TempWorkspace ws_;
  std::string root_;
  std::string real_;
};

TEST_F(ResolveScriptTest, ResolvesInsideTheWorkspace) {
  EXPECT_EQ(ResolveScript(root_, "scripts/run.sh"), real_ + "/scripts/run.sh");
  EXPECT_EQ(ResolveScript(root_, "./scripts/../scripts/run.sh"), real_ + "/scripts/run.sh");
}

TEST_F(ResolveScriptTest, RefusesAbsolutePaths) {
  auto r = ResolveScript(root_, "/etc/passwd");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "script path must be relative to the workspace: /etc/passwd");
}

TEST_F(ResolveScriptTest, RefusesDotDotEscapes) {
  auto r = ResolveScript(root_, "../outside.sh");
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("script path escapes the workspace: ../outside.sh"));
  EXPECT_FALSE(ResolveScript(root_, "scripts/../../outside.sh"));
  // A sibling whose name merely starts with the workspace's name is outside too.
  ws_.Write("ws2/x.sh", "");
  EXPECT_FALSE(ResolveScript(root_, "../ws2/x.sh"));
}

TEST_F(ResolveScriptTest, RefusesSymlinksLeadingOut) {
  std::filesystem::create_symlink(ws_.Path("outside.sh"), ws_.Path("ws/link.sh"));
  std::filesystem::create_directory_symlink(ws_.dir(), ws_.Path("ws/up"));
  EXPECT_FALSE(ResolveScript(root_, "link.sh"));
  EXPECT_FALSE(ResolveScript(root_, "up/outside.sh"));
  std::filesystem::create_symlink("scripts/run.sh", ws_.Path("ws/inner.sh"));
  EXPECT_EQ(ResolveScript(root_, "inner.sh"), real_ + "/scripts/run.sh");
}

TEST_F(ResolveScriptTest, MissingScriptIsNotFound) {
  auto r = ResolveScript(root_, "nope.sh");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message, "script not found in the workspace: nope.sh");
  EXPECT_FALSE(ResolveScript(root_, "scripts"));  // a directory is no script
}

TEST(ResolveCommand, CmdRunsThroughShAndExactlyOneIsRequired) {
  StepRun step;
  step.cmd = "echo hi";
  auto c = ResolveCommand(step);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->program, "/bin/sh");
  EXPECT_THAT(c->argv, ElementsAre("sh", "-c", "echo hi"));
  step.script = "x.sh";
  EXPECT_EQ(ResolveCommand(step).error().message, "step has both cmd and script");
  EXPECT_EQ(ResolveCommand(StepRun{}).error().message, "step has neither cmd nor script");
}

}  // namespace
}  // namespace stroem::runner::internal
