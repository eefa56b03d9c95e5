// Child processes for the end-to-end benchmarks: spawn with extra environment and output
// to a file, stop with SIGTERM (SIGKILL after a grace period), and read a process's
// resident memory and CPU time from /proc.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace stroem::bench {

using Env = std::vector<std::pair<std::string, std::string>>;

// A running child. The destructor stops it (SIGTERM, then SIGKILL after 10 s).
class Process {
 public:
  Process() = default;
  // Starts `argv` (argv[0] is a path) in `cwd` with the caller's environment plus `env`,
  // stdout and stderr appended to `output`. Throws std::runtime_error when spawning fails.
  Process(const std::vector<std::string>& argv, const Env& env, const std::string& cwd,
          const std::string& output);
  ~Process() { Stop(); }
  Process(Process&& other) noexcept
      : pid_(std::exchange(other.pid_, -1)), exit_status_(other.exit_status_) {}
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // False once the process has exited; exit_status() then tells how.
  bool Running();
  int exit_status() const { return exit_status_; }
  // SIGTERM, wait up to `grace`, then SIGKILL. Returns the exit status (-1 when killed).
  int Stop(std::chrono::seconds grace = std::chrono::seconds(10));

 private:
  pid_t pid_ = -1;
  int exit_status_ = 0;  // WEXITSTATUS, or 128 + the signal
};

// Runs `argv` (argv[0] is a path) in the foreground with the caller's environment plus
// `env`; returns its wall time in seconds and throws when it exits non-zero.
double TimeProgram(const std::vector<std::string>& argv, const Env& env = {});
// TimeProgram of `sh -c command`.
double TimeShell(const std::string& command);

// Resident set size in MiB (VmRSS) and user+system CPU seconds of a live process.
double RssMiB(pid_t pid);
double CpuSeconds(pid_t pid);

}  // namespace stroem::bench
