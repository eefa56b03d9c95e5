// Runner overhead per step (spawn, capture, parse) next to the floor: a bare
// fork + execve + waitpid of the same `sh -c` command, measured in the same run.
// Rounds interleave the variants so a noisy shared machine hits all of them alike;
// the figures are medians over rounds. Target: runner <= 1.3x bare.
//
//   stroem_runner_bench [rounds] [steps-per-round]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "runner/shell_runner.h"

extern char** environ;

namespace {

using stroem::runner::CancelToken;
using stroem::runner::LogLine;
using stroem::runner::LogSink;
using stroem::runner::ShellRunner;
using stroem::runner::StepRun;

class DiscardSink : public LogSink {
 public:
  void OnLine(LogLine line) override { bytes += line.text.size(); }
  size_t bytes = 0;
};

// The floor: what any runner must do to run `sh -c <cmd>` and read its stdout.
bool BareRun(const char* cmd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    const char* argv[] = {"sh", "-c", cmd, nullptr};
    ::execve("/bin/sh", const_cast<char**>(argv), environ);
    ::_exit(127);
  }
  ::close(fds[1]);
  char buf[4096];
  while (::read(fds[0], buf, sizeof buf) > 0) {
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A stricter floor: glibc's posix_spawn (clone with CLONE_VFORK) is what the runner uses,
// so this isolates the runner's own bookkeeping from the cost of fork() itself.
bool BareSpawn(const char* cmd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  const char* argv[] = {"sh", "-c", cmd, nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  char buf[4096];
  while (rc == 0 && ::read(fds[0], buf, sizeof buf) > 0) {
  }
  ::close(fds[0]);
  int status = 0;
  if (rc == 0) ::waitpid(pid, &status, 0);
  return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool RunnerRun(ShellRunner& runner, const StepRun& step) {
  DiscardSink sink;
  CancelToken cancel;  // one per step, as the worker will do
  return runner.Run(step, sink, cancel).exit_code == 0;
}

struct Variant {
  std::string name;
  std::function<bool()> run;
  std::vector<double> per_step_us;  // one figure per round
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void RunRound(Variant& v, int steps) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) {
    if (!v.run()) {
      std::fprintf(stderr, "%s: step failed\n", v.name.c_str());
      std::exit(1);
    }
  }
  std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
  v.per_step_us.push_back(took.count() / steps);
}

StepRun Step(const std::string& cmd, const std::string& workspace) {
  StepRun step;
  step.job_id = "00000000-0000-4000-8000-000000000000";
  step.task = "bench";
  step.step = "step";
  step.cmd = cmd;
  step.workspace_dir = workspace;
  step.inputs = {{"name", "world"}, {"count", "3"}};
  step.env = {{"GREETING", "hello"}};
  return step;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 21;
  int steps = argc > 2 ? std::atoi(argv[2]) : 50;
  std::string workspace = std::filesystem::current_path().string();
  ShellRunner runner;
  StepRun step_true = Step("true", workspace);
  StepRun step_echo = Step("echo hello; echo 'OUTPUT: {\"ok\": true}'", workspace);
  std::vector<Variant> variants = {
      {"bare  sh -c true", [] { return BareRun("true"); }, {}},
      {"runner   cmd: true", [&] { return RunnerRun(runner, step_true); }, {}},
      {"spawn sh -c true", [] { return BareSpawn("true"); }, {}},
      {"bare  sh -c 'echo hello; echo OUTPUT'",
       [] { return BareRun("echo hello; echo 'OUTPUT: {\"ok\": true}'"); },
       {}},
      {"runner   cmd: echo hello; echo OUTPUT", [&] { return RunnerRun(runner, step_echo); }, {}},
  };
  for (auto& v : variants) RunRound(v, steps);  // warm-up, discarded
  for (auto& v : variants) v.per_step_us.clear();
  for (int r = 0; r < rounds; ++r) {
    for (auto& v : variants) RunRound(v, steps);
  }
  std::printf("%d rounds x %d steps, median per step:\n", rounds, steps);
  for (auto& v : variants) std::printf("  %-42s %8.1f us\n", v.name.c_str(), Median(v.per_step_us));
  double bare_true = Median(variants[0].per_step_us);
  double bare_echo = Median(variants[3].per_step_us);
  double spawn_true = Median(variants[2].per_step_us);
  std::printf("ratio runner(true) / bare(true):  %.2fx  (target <= 1.3x)\n",
              Median(variants[1].per_step_us) / bare_true);
  std::printf("ratio runner(echo) / bare(true):  %.2fx\n",
              Median(variants[4].per_step_us) / bare_true);
  std::printf("ratio runner(echo) / bare(echo):  %.2fx  (target <= 1.3x)\n",
              Median(variants[4].per_step_us) / bare_echo);
  std::printf("ratio runner(true) / posix_spawn(true): %.2fx  (the runner's own bookkeeping)\n",
              Median(variants[1].per_step_us) / spawn_true);
  return 0;
}
