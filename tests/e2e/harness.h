// The end-to-end harness: a complete Strøm in a temporary directory, driven only from
// outside (HTTP and the `stroem` CLI), as a user would.
//
// A Cluster is one stroem-server on a free loopback port with its own database, log
// folder and workspace (the tests' workflows from e2e_workspace.h plus the repository's
// example `workspace/`), and either its embedded worker or N separate stroem-worker
// processes. Every process is stopped (SIGTERM, then SIGKILL) when the Cluster is
// destroyed, also when a test fails, and killed by the kernel if the test process dies.
//
// The binaries come from STROEM_SERVER_BIN, STROEM_WORKER_BIN and STROEM_CLI_BIN (set by
// tests/e2e/CMakeLists.txt); PostgreSQL from STROEM_TEST_PG_URL (scripts/with-postgres).
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "http.h"
#include "process.h"

namespace stroem::storage::testing {
class TestDatabase;
}

namespace stroem::e2e {

enum class Backend { kSqlite, kPostgres };

struct ClusterOptions {
  Backend backend = Backend::kSqlite;
  // Separate stroem-worker processes.
  int workers = 0;
  // The server's own in-process worker (max_concurrent 4).
  bool embedded_worker = true;
  int worker_max_concurrent = 1;
  // More STROEM__* settings for the server (e.g. STROEM__HTTP__MAX_BODY_BYTES).
  std::map<std::string, std::string> server_env;
  // A server config file (STROEM_CONFIG); the harness's env settings still override it.
  std::string server_config_file;
  // A worker config file (STROEM_CONFIG of every worker); env settings override it.
  std::string worker_config_file;
};

// True when the PostgreSQL cases can run.
bool PostgresAvailable();

class Cluster {
 public:
  static constexpr const char* kWorkerToken = "e2e-worker-token";

  // Starts everything and waits (bounded) until the server is listening and every
  // separate worker has registered. On failure returns nullptr and sets `error` to what
  // went wrong, with the processes' output.
  static std::unique_ptr<Cluster> Start(const ClusterOptions& options, std::string& error);
  ~Cluster();

  const std::string& url() const { return url_; }
  const std::string& workspace() const { return workspace_; }
  const std::string& dir() const { return dir_.path(); }

  HttpReply Get(const std::string& path) const;
  // POST with `Content-Type: application/json`.
  HttpReply Post(const std::string& path, const std::string& json_body,
                 std::vector<std::string> headers = {}) const;

  // POST /api/tasks/{task}/execute with {"input": input}; the job id, or "" (and a test
  // failure) when the server refused.
  std::string Trigger(const std::string& task, const boost::json::object& input = {}) const;
  // Polls GET /api/jobs/{id} until the job is terminal (bounded: 90 s); the final job
  // document, or null (and a test failure) when it never finished.
  boost::json::value WaitForJob(const std::string& job_id) const;
  // GET /api/jobs/{id}/logs, the `logs` string.
  std::string Logs(const std::string& job_id) const;

  // Runs the `stroem` CLI against this server (--server URL).
  RunResult Cli(const std::vector<std::string>& args) const;

  // Everything the server and workers printed, for failure messages.
  std::string Output() const;
  int worker_count() const { return static_cast<int>(workers_.size()); }
  // Stops the server (SIGTERM) and returns its exit code.
  int StopServer();

 private:
  Cluster() = default;
  bool StartServer(const ClusterOptions& options, std::string& error);
  bool StartWorkers(const ClusterOptions& options, std::string& error);

  TempDir dir_;
  std::unique_ptr<storage::testing::TestDatabase> database_;
  std::string workspace_;
  std::string url_;
  std::unique_ptr<ChildProcess> server_;
  std::vector<std::unique_ptr<ChildProcess>> workers_;
};

// The named member of a job document's step, e.g. StepField(job, "join", "status").
boost::json::value StepField(const boost::json::value& job, const std::string& step,
                             const std::string& field);
// The step's "status" ("" when there is no such step).
std::string StepStatus(const boost::json::value& job, const std::string& step);
// "status" of a JSON object as a string ("" when absent).
std::string StatusOf(const boost::json::value& doc);

}  // namespace stroem::e2e
