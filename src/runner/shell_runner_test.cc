// ShellRunner with real processes: exit codes, environment, cmd and script.
#include "runner/shell_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <thread>

#include "runner/test_util.h"

namespace stroem::runner {
namespace {

using testing::Cmd;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RecordingSink;
using testing::RunStep;
using testing::Script;
using ::testing::StartsWith;
using testing::TempWorkspace;

class ShellRunnerTest : public ::testing::Test {
 protected:
  StepOutcome Run(const StepRun& run) { return RunStep(run, sink_, {}); }
  StepOutcome RunCmd(const std::string& cmd) { return Run(Cmd(cmd, ws_.dir())); }

  TempWorkspace ws_;
  RecordingSink sink_;
};

TEST_F(ShellRunnerTest, ExitZeroIsSuccess) {
  StepOutcome out = RunCmd("echo hello");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.error, std::nullopt);
  EXPECT_FALSE(out.timed_out);
  EXPECT_FALSE(out.cancelled);
  EXPECT_THAT(sink_.Stdout(), ElementsAre("hello"));
}

TEST_F(ShellRunnerTest, NonZeroExitCodesCarryTheStderrTail) {
  StepOutcome out = RunCmd("echo oops >&2; exit 3");
  EXPECT_EQ(out.exit_code, 3);
  EXPECT_EQ(out.error, "Exit code: 3\nStderr: oops");
  EXPECT_EQ(RunCmd("exit 255").exit_code, 255);
}

TEST_F(ShellRunnerTest, ErrorKeepsOnlyTheLastKibibytesOfStderr) {
  StepOutcome out = RunCmd(
      "i=0; while [ $i -lt 2000 ]; do echo line$i >&2; i=$((i+1)); done; "
      "exit 1");
  ASSERT_TRUE(out.error);
  EXPECT_LE(out.error->size(), 4096u + 64u);
  EXPECT_THAT(*out.error, StartsWith("Exit code: 1\nStderr: "));
  EXPECT_THAT(*out.error, ::testing::EndsWith("line1999"));
  EXPECT_EQ(sink_.Stderr().size(), 2000u);  // the log keeps everything
}

TEST_F(ShellRunnerTest, DeathBySignalIsMinusOne) {
  StepOutcome out = RunCmd("kill -KILL $$");
  EXPECT_EQ(out.exit_code, -1);
  ASSERT_TRUE(out.error);
  EXPECT_THAT(*out.error, StartsWith("Exit code: -1 (killed by SIGKILL)"));
}

TEST_F(ShellRunnerTest, SimpleCommandsRunWithoutTheShellAndBehaveTheSame) {
  // Without the shell in between, the step's parent is this test (the runner's process).
  ws_.Write("bin/show", "#!/bin/sh\necho \"$PWD\" \"$0\" \"$@\"; cat /proc/$PPID/comm\n", true);
  StepOutcome out = RunCmd("bin/show a  b");
  EXPECT_EQ(out.exit_code, 0) << out.error.value_or("");
  EXPECT_THAT(sink_.Stdout(),
              ElementsAre(std::filesystem::canonical(ws_.dir()).string() + " bin/show a b",
                          "stroem_runner_t"));
}

TEST_F(ShellRunnerTest, ADirectCommandKilledBySignalReportsTheShellsExitCode) {
  ws_.Write("bin/die", "#!/bin/sh\nkill -KILL $$\n", true);
  StepOutcome direct = RunCmd("bin/die");
  EXPECT_EQ(direct.exit_code, 137);
  ASSERT_TRUE(direct.error);
  EXPECT_THAT(*direct.error, StartsWith("Exit code: 137 (killed by SIGKILL)"));
  StepOutcome shell = RunCmd("bin/die;");  // through sh, which reports the same code
  EXPECT_EQ(shell.exit_code, 137);
}

TEST_F(ShellRunnerTest, CommandsThatCannotStartDirectlyGetTheShellsMessage) {
  ws_.Write("bin/plain", "echo no shebang\n", true);
  EXPECT_EQ(RunCmd("bin/plain").exit_code, 0);  // ENOEXEC: sh runs it as a script
  EXPECT_THAT(sink_.Stdout(), ElementsAre("no shebang"));
  StepOutcome missing = RunCmd("no-such-program-anywhere x");
  EXPECT_EQ(missing.exit_code, 127);
  EXPECT_THAT(*missing.error, HasSubstr("no-such-program-anywhere: not found"));
}

TEST_F(ShellRunnerTest, PassesWorkerEnvActionEnvInputsAndStepIdentity) {
  ::setenv("STROEM_RUNNER_TEST_WORKER", "from-worker", 1);
  StepRun run =
      Cmd("printf '%s\\n' \"$STROEM_RUNNER_TEST_WORKER\" \"$API_URL\" \"$STROEM_INPUT_DEPLOY_ENV\" "
          "\"$STROEM_INPUT_NAME\" \"$STROEM_INPUT_COUNT\" \"$STROEM_JOB_ID\" \"$STROEM_TASK\" "
          "\"$STROEM_STEP\"",
          ws_.dir());
  run.env = {{"API_URL", "https://example.test"}};
  run.inputs = {{"deploy-env", "prod"},
                {"name", "Strøm ✓ $(rm -rf /) `id` ; | & \" ' *"},
                {"count", "{\"n\":[1,2]}"}};
  StepOutcome out = Run(run);
  ::unsetenv("STROEM_RUNNER_TEST_WORKER");
  EXPECT_EQ(out.exit_code, 0) << out.error.value_or("");
  EXPECT_THAT(sink_.Stdout(), ElementsAre("from-worker", "https://example.test", "prod",
                                          "Strøm ✓ $(rm -rf /) `id` ; | & \" ' *", "{\"n\":[1,2]}",
                                          "job-1", "deploy", "build"));
}

TEST_F(ShellRunnerTest, RunsInTheWorkspaceWithStdinClosed) {
  StepOutcome out = RunCmd("pwd -P; cat; echo done");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(sink_.Stdout(), ElementsAre(std::filesystem::canonical(ws_.dir()).string(), "done"));
}

TEST_F(ShellRunnerTest, ExecutableScriptWithShebangUsesItsInterpreter) {
  ws_.Write("bin/hello", "#!/bin/sh -e\necho \"shebang $0 $STROEM_STEP\"\n", true);
  StepOutcome out = Run(Script("bin/hello", ws_.dir()));
  EXPECT_EQ(out.exit_code, 0) << out.error.value_or("");
  ASSERT_EQ(sink_.Stdout().size(), 1u);
  EXPECT_THAT(sink_.Stdout()[0], StartsWith("shebang /"));
  EXPECT_THAT(sink_.Stdout()[0], ::testing::EndsWith("/bin/hello build"));
}

TEST_F(ShellRunnerTest, ScriptWithoutExecBitRunsThroughSh) {
  ws_.Write("plain.sh", "echo plain; pwd -P; exit 4\n", false);
  StepOutcome out = Run(Script("plain.sh", ws_.dir()));
  EXPECT_EQ(out.exit_code, 4);
  EXPECT_THAT(sink_.Stdout(), ElementsAre("plain", std::filesystem::canonical(ws_.dir()).string()));
}

TEST_F(ShellRunnerTest, ExecutableScriptWithoutShebangFallsBackToSh) {
  ws_.Write("noshebang", "echo fallback\n", true);
  StepOutcome out = Run(Script("noshebang", ws_.dir()));
  EXPECT_EQ(out.exit_code, 0) << out.error.value_or("");
  EXPECT_THAT(sink_.Stdout(), ElementsAre("fallback"));
}

TEST_F(ShellRunnerTest, MissingInterpreterIsASpawnError) {
  ws_.Write("bad", "#!/nonexistent/interpreter\necho never\n", true);
  StepOutcome out = Run(Script("bad", ws_.dir()));
  EXPECT_EQ(out.exit_code, -1);
  EXPECT_EQ(out.error,
            "failed to start script bad: No such file or directory (is the interpreter named in "
            "its #! line installed?)");
  EXPECT_THAT(sink_.Stderr(), ElementsAre("[stroem] " + *out.error));
}

TEST_F(ShellRunnerTest, ScriptPathEscapesAreRefused) {
  std::filesystem::create_symlink("/etc/passwd", ws_.Path("passwd"));
  for (const char* path : {"../x", "/etc/passwd", "passwd"}) {
    StepOutcome out = Run(Script(path, ws_.dir()));
    EXPECT_EQ(out.exit_code, -1) << path;
    ASSERT_TRUE(out.error) << path;
    EXPECT_THAT(*out.error, HasSubstr(path));
    EXPECT_THAT(*out.error, ::testing::AnyOf(HasSubstr("escapes the workspace"),
                                             HasSubstr("must be relative to the workspace")));
  }
}

TEST_F(ShellRunnerTest, BadStepsFailWithoutSpawning) {
  EXPECT_EQ(Run(Script("missing.sh", ws_.dir())).error,
            "script not found in the workspace: missing.sh");
  EXPECT_EQ(Run(Cmd("true", ws_.Path("nope"))).error,
            "workspace directory not found: " + ws_.Path("nope"));
  StepRun neither = Cmd("true", ws_.dir());
  neither.cmd.reset();
  EXPECT_EQ(Run(neither).error, "step has neither cmd nor script");
}

TEST_F(ShellRunnerTest, ConcurrentRunsKeepTheirOutputApart) {
  ShellRunner runner;
  std::vector<RecordingSink> sinks(4);
  std::vector<StepOutcome> outcomes(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      StepRun run = Cmd("for n in 1 2 3; do echo \"$STROEM_STEP-$n\"; done", ws_.dir());
      run.step = "s" + std::to_string(i);
      CancelToken cancel;
      outcomes[i] = runner.Run(run, sinks[i], cancel);
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) {
    std::string s = "s" + std::to_string(i);
    EXPECT_EQ(outcomes[i].exit_code, 0);
    EXPECT_THAT(sinks[i].Stdout(), ElementsAre(s + "-1", s + "-2", s + "-3"));
  }
}

TEST_F(ShellRunnerTest, AlreadyCancelledTokenSpawnsNothing) {
  CancelToken cancel;
  cancel.Cancel();
  StepOutcome out = ShellRunner().Run(Cmd("touch ran", ws_.dir()), sink_, cancel);
  EXPECT_TRUE(out.cancelled);
  EXPECT_EQ(out.exit_code, -1);
  EXPECT_EQ(out.error, "cancelled");
  EXPECT_FALSE(std::filesystem::exists(ws_.Path("ran")));
}

}  // namespace
}  // namespace stroem::runner
