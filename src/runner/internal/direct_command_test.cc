// Which `cmd`s skip the shell, and what they then run.
#include "runner/internal/direct_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/test_util.h"

namespace stroem::runner::internal {
namespace {

using ::testing::ElementsAre;
using testing::TempWorkspace;

class DirectCommandTest : public ::testing::Test {
 protected:
  DirectCommandTest() {
    ws_.Write("bin/tool", "#!/bin/sh\n", true);
    ws_.Write("bin/data", "not executable\n", false);
    env_ = {"HOME=/root", "PATH=/nowhere:" + ws_.Path("bin")};
  }
  std::optional<Command> Direct(const std::string& cmd) { return DirectCommand(cmd, env_, ws_.dir()); }

  TempWorkspace ws_;
  std::vector<std::string> env_;
};

TEST_F(DirectCommandTest, PlainWordsRunTheProgramFoundInPath) {
  auto c = Direct("  tool --mode=fast a,b:c 1+1 x@y 50%\t./out_dir ");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->direct);
  EXPECT_EQ(c->program, ws_.Path("bin/tool"));
  EXPECT_THAT(c->argv, ElementsAre("tool", "--mode=fast", "a,b:c", "1+1", "x@y", "50%", "./out_dir"));
}

TEST_F(DirectCommandTest, PathsWithASlashAreTakenAsWritten) {
  auto relative = Direct("bin/tool x");
  ASSERT_TRUE(relative);
  EXPECT_EQ(relative->program, "bin/tool");  // resolved after the spawn's chdir
  auto absolute = Direct(ws_.Path("bin/tool"));
  ASSERT_TRUE(absolute);
  EXPECT_EQ(absolute->program, ws_.Path("bin/tool"));
  EXPECT_FALSE(Direct("bin/data"));     // not executable: the shell says so
  EXPECT_FALSE(Direct("bin/missing"));  // not found: likewise
  EXPECT_FALSE(Direct("bin"));          // a directory
}

TEST_F(DirectCommandTest, AnythingTheShellWouldInterpretKeepsTheShell) {
  for (const char* cmd :
       {"tool $HOME", "tool 'a b'", "tool \"a\"", "tool a\\ b", "tool *", "tool a?", "tool [ab]",
        "tool ~", "tool # note", "tool; tool", "tool && tool", "tool | tool", "tool > f",
        "tool < f", "tool &", "(tool)", "tool `x`", "tool\nother", "{ tool; }", "! tool",
        "X=1 tool", "tool é", ""}) {
    EXPECT_FALSE(Direct(cmd)) << cmd;
  }
}

TEST_F(DirectCommandTest, BuiltinsAndReservedWordsKeepTheShell) {
  ws_.Write("bin/echo", "#!/bin/sh\n", true);
  ws_.Write("bin/true", "#!/bin/sh\n", true);
  for (const char* cmd : {"echo -e x", "true", "exec tool", "cd /", "exit 3", "kill 1",
                          "printf x", "test -f x", "if", "while", "for", "export A"}) {
    EXPECT_FALSE(Direct(cmd)) << cmd;
  }
}

TEST_F(DirectCommandTest, PathLookupFollowsTheStepsPath) {
  env_.push_back("PATH=/usr/bin:/bin");  // the last definition wins, as in the environment
  EXPECT_FALSE(Direct("tool"));
  auto sleep = Direct("sleep 1");
  ASSERT_TRUE(sleep);
  EXPECT_THAT(sleep->program, ::testing::EndsWith("/sleep"));
  env_ = {"PATH=bin:/usr/bin"};  // a relative entry first: the shell resolves it
  EXPECT_FALSE(Direct("sleep 1"));
  env_ = {"PATH=:/usr/bin"};  // an empty entry is the current directory
  EXPECT_FALSE(Direct("sleep 1"));
  env_ = {"HOME=/root"};  // no PATH at all
  EXPECT_FALSE(Direct("sleep 1"));
}

TEST_F(DirectCommandTest, PwdIsThePhysicalStepDirectory) {
  std::vector<std::string> env = {"A=1", "PWD=/somewhere/else"};
  SetShellVariables(env, ws_.dir() + "/bin/..");
  EXPECT_THAT(env, ElementsAre("A=1", "PWD=" + std::filesystem::canonical(ws_.dir()).string()));
}

}  // namespace
}  // namespace stroem::runner::internal
