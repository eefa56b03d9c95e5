// Child processes for the end-to-end suite: the real stroem-server, stroem-worker and
// stroem binaries, started the way a user or a service manager would start them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "api/testing/server_process.h"

namespace stroem::e2e {

// Temporary folders and files: the helpers the worker and CLI integration tests use.
using api::testing::ReadFile;
using api::testing::TempDir;
using api::testing::WriteFile;

// The value of an environment variable, or "" when unset. For STROEM_SERVER_BIN,
// STROEM_WORKER_BIN, STROEM_CLI_BIN and STROEM_SOURCE_DIR, unset means the paths of
// this build (compiled in by tests/e2e/CMakeLists.txt).
std::string Env(const char* name);

// Environment for a child: ours without any STROEM_* variable (a developer's own
// STROEM_URL or STROEM_CONFIG must not change what the tests run), plus `extra`.
std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& extra);

// A running child process in the folder `cwd`. Its stdout and stderr go to
// `output_file`; it gets SIGKILL
// if the test process dies (PR_SET_PDEATHSIG), so no binary outlives a crashed test.
class ChildProcess {
 public:
  ChildProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env, const std::string& cwd,
               std::string output_file);
  ~ChildProcess();  // Stop()
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // True while the process has not exited (reaps it when it has).
  bool Running();
  // SIGTERM, then SIGKILL when it has not exited within `grace`. Returns its exit code
  // (-1 when a signal ended it). Idempotent.
  int Stop(std::chrono::milliseconds grace = std::chrono::seconds(15));
  std::string Output() const { return ReadFile(output_file_); }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string output_file_;
};

struct RunResult {
  int exit_code = -1;  // -1 when a signal ended it
  std::string out;
  std::string err;
};

// Runs `binary` to completion with stdin from /dev/null and its output captured.
RunResult RunCommand(const std::string& binary, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});

}  // namespace stroem::e2e
