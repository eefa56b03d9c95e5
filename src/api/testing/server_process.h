// Test helpers that drive the real binaries: a stroem-server child process on a free port
// in a temporary directory, and running any binary to completion with its output captured.
// For integration tests only (worker, cli); nothing in production links this.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"

namespace stroem::api::testing {

// A fresh temporary directory, removed (recursively) by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A loopback port nobody listens on: bound (so no one else gets it) but never listening,
// for as long as the object lives. url() is "http://127.0.0.1:<port>".
class ClosedPort {
 public:
  ClosedPort();
  ~ClosedPort();
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  const std::string& url() const { return url_; }

 private:
  int fd_ = -1;
  std::string url_;
};

// Writes `content` to `path`, creating parent folders.
void WriteFile(const std::string& path, const std::string& content);

// A free loopback port for a server that will be restarted on it: outside the kernel's
// ephemeral range (ip_local_port_range), where the local end of an outgoing connection
// can land. A client reconnecting to a stopped server's ephemeral port can connect to
// itself (TCP simultaneous open), and any process's outgoing connection can take that
// port; either makes the restart fail to bind it. Free when checked; a caller retries
// with another port if the server then fails to start.
Result<int> FreeRestartablePort();

struct ServerProcessOptions {
  std::string server_binary;  // the stroem-server to run
  std::string workspace;      // folder with .workflows/
  std::string worker_token = "test-worker-token";
  int lease_seconds = 0;                   // 0: the server's default
  std::map<std::string, std::string> env;  // more STROEM__* settings
};

// stroem-server (options.server_binary) with SQLite and logs in its own temp dir, the
// embedded worker off. Restarting keeps the database, the log dir and the port.
class ServerProcess {
 public:
  explicit ServerProcess(ServerProcessOptions options);
  ~ServerProcess();  // SIGKILL if still running

  // Starts the server and waits (bounded) for its ready file. The first start listens on
  // a FreeRestartablePort (another one if that start fails); later starts reuse it.
  Result<void> Start();
  void Kill();      // SIGKILL and reap
  int Terminate();  // SIGTERM, reap, return the exit status
  bool running() const { return pid_ > 0; }

  const std::string& url() const { return url_; }
  const std::string& data_dir() const { return dir_.path(); }
  // The server's own output (stdout + stderr of every run), for failure messages.
  std::string Output() const;

 private:
  Result<void> Spawn();  // one start on port_

  ServerProcessOptions options_;
  TempDir dir_;
  std::string url_;
  int port_ = 0;
  pid_t pid_ = -1;
  int runs_ = 0;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `binary` with `args` and the current environment plus `env` (a value of "\x01"
// unsets that variable), stdin from `stdin_text`. Waits for it to exit.
ProcessResult RunProcess(const std::string& binary, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {},
                         const std::string& stdin_text = "");

// Starts `binary` in the background (same env rules); its stdout and stderr go to
// `output_file`. Returns the pid.
pid_t SpawnProcess(const std::string& binary, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::string& output_file);
// Waits for `pid` and returns its exit status (-1 for a signal).
int WaitProcess(pid_t pid);

// Polls `condition` every 20 ms until it holds or `limit` passes; true when it held.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds limit = std::chrono::seconds(30));

// The named environment variable, else `fallback` (tests skip when a binary is not given).
std::string EnvOr(const char* name, const char* fallback = "");

std::string ReadFile(const std::string& path);

}  // namespace stroem::api::testing
