// ShellRunner ending process trees: timeout, cancellation, leftovers, escapees.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <future>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "runner/shell_runner.h"
#include "runner/test_util.h"

namespace stroem::runner {
namespace {

using testing::Cmd;
using ::testing::Contains;
using testing::RecordingSink;
using testing::RunStep;
using ::testing::SizeIs;
using ::testing::StartsWith;
using testing::TempWorkspace;

std::vector<pid_t> ReadPids(const TempWorkspace& ws) {
  std::istringstream in(ws.Read("pids"));
  std::vector<pid_t> pids;
  for (pid_t pid; in >> pid;) pids.push_back(pid);
  return pids;
}

// True once `pid` has exited (a zombie has exited too: its parent, often PID 1, may
// never reap it). Waits on a pidfd, an event, not a sleep; the bound only keeps a broken
// runner from hanging the test, since an unkilled `sleep 1000` never exits.
bool Exits(pid_t pid) {
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return errno == ESRCH;
  pollfd p{fd, POLLIN, 0};
  int ready = ::poll(&p, 1, 30'000);
  ::close(fd);
  return ready == 1;
}

void ExpectAllExit(const std::vector<pid_t>& pids) {
  for (pid_t pid : pids) EXPECT_TRUE(Exits(pid)) << "pid " << pid << " survived the step";
}

// Starts background sleeps two levels deep, records their pids, then waits on them.
constexpr const char* kTree =
    "sleep 1000 & echo $! > pids; "
    "sh -c 'sleep 1000 & echo $! >> pids; wait' & echo $! >> pids; "
    "echo started; wait";

class KillTest : public ::testing::Test {
 protected:
  TempWorkspace ws_;
  RecordingSink sink_;
};

TEST_F(KillTest, TimeoutKillsTheWholeTree) {
  StepRun run = Cmd(kTree, ws_.dir());
  run.timeout = std::chrono::milliseconds(500);
  StepOutcome out = RunStep(run, sink_);
  EXPECT_TRUE(out.timed_out);
  EXPECT_FALSE(out.cancelled);
  EXPECT_EQ(out.exit_code, -1);
  EXPECT_EQ(out.error, "timed out after 500ms");
  ExpectAllExit(ReadPids(ws_));
}

TEST_F(KillTest, ProcessesIgnoringSigtermGetSigkillAfterTheGrace) {
  StepRun run = Cmd("trap '' TERM; sleep 1000 & echo $! > pids; echo started; wait", ws_.dir());
  run.timeout = std::chrono::milliseconds(200);
  ShellRunnerOptions options;
  options.kill_grace = std::chrono::milliseconds(200);
  StepOutcome out = RunStep(run, sink_, options);
  EXPECT_TRUE(out.timed_out);
  EXPECT_EQ(out.error, "timed out after 200ms");
  ExpectAllExit(ReadPids(ws_));
}

TEST_F(KillTest, CancelFromAnotherThreadKillsTheTree) {
  CancelToken cancel;
  std::promise<void> started;
  sink_.on_line = [&](const LogLine& line) {
    if (line.text == "started") started.set_value();
  };
  std::thread canceller([&] {
    started.get_future().wait();
    cancel.Cancel();
  });
  StepOutcome out = ShellRunner().Run(Cmd(kTree, ws_.dir()), sink_, cancel);
  canceller.join();
  EXPECT_TRUE(out.cancelled);
  EXPECT_FALSE(out.timed_out);
  EXPECT_EQ(out.exit_code, -1);
  EXPECT_EQ(out.error, "cancelled");
  ExpectAllExit(ReadPids(ws_));
}

TEST_F(KillTest, ThrowingSinkStillEndsTheTree) {
  sink_.on_line = [](const LogLine& line) {
    if (line.text == "started") throw std::runtime_error("sink failed");
  };
  EXPECT_THROW(RunStep(Cmd(kTree, ws_.dir()), sink_), std::runtime_error);
  ExpectAllExit(ReadPids(ws_));
}

TEST_F(KillTest, BackgroundChildrenLeftBehindAreEndedWithTheStep) {
  StepOutcome out = RunStep(Cmd("sleep 1000 & echo $! > pids; echo done", ws_.dir()), sink_);
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.error, std::nullopt);
  EXPECT_THAT(sink_.Stdout(), Contains("done"));
  auto pids = ReadPids(ws_);
  EXPECT_THAT(pids, SizeIs(1));
  ExpectAllExit(pids);
}

TEST_F(KillTest, ProcessThatLeftTheGroupCannotHangTheRunner) {
  ShellRunnerOptions options;
  options.drain_limit = std::chrono::milliseconds(100);
  StepOutcome out = RunStep(Cmd("setsid sh -c 'echo $$ > pids; echo escaped; exec sleep 1000' & "
                                "while [ ! -s pids ]; do :; done; echo main done",
                                ws_.dir()),
                            sink_, options);
  auto pids = ReadPids(ws_);
  ASSERT_THAT(pids, SizeIs(1));
  ::kill(pids[0], SIGKILL);  // beyond the runner's reach by design: clean up ourselves
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(sink_.Stdout(), Contains("main done"));
  EXPECT_THAT(sink_.Stderr(), Contains(StartsWith("[stroem] stopped reading output")));
}

}  // namespace
}  // namespace stroem::runner
