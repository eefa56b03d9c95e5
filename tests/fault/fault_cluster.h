// FaultCluster: one stroem-server (ServerProcess from src/api/testing: restartable on the
// same port, database and log folder) and N stroem-worker processes, serving the fault
// workspace below, with the handles a scenario needs to kill, pause and restart them.
// Every process is killed when the cluster is destroyed.
//
// The fault workspace has one task, `fan`: a -> {b, c} -> d, each step printing
// "line-1" … "line-N" (N = kStepLines) at a steady pace, so that kills land mid-step and
// a step's log can be checked for gaps and duplicates. Task `leak` prints the secret
// `token` (kSecretValue), to check that stored logs mask it.
#pragma once

#include <sys/types.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http_client.h"
#include "api/testing/server_process.h"

namespace stroem::fault {

// Lines each step of `fan` prints.
inline const std::map<std::string, int> kStepLines = {{"a", 30}, {"b", 20}, {"c", 20}, {"d", 10}};

inline constexpr const char* kSecretValue = "fault-s3cret-value";

struct FaultClusterOptions {
  std::string db_url;  // "" = SQLite in the server's folder
  int workers = 2;
  int worker_max_concurrent = 2;
  int lease_seconds = 2;
};

class FaultCluster {
 public:
  static constexpr const char* kWorkerToken = "fault-worker-token";

  explicit FaultCluster(FaultClusterOptions options);
  ~FaultCluster();

  // Starts the server and every worker. An error with the processes' output.
  Result<void> Start();

  // POST /api/tasks/{task}/execute; the job id or "" when refused or unreachable.
  std::string Trigger(const std::string& task = "fan");
  // GET /api/jobs/{id}; nullopt when the server does not answer with the job.
  std::optional<boost::json::object> Job(const std::string& id) const;
  // Polls until every job is terminal (bounded by `seconds`); the ones that are not.
  std::vector<std::string> WaitTerminal(const std::vector<std::string>& ids, int seconds) const;
  // Steps of `ids` in `status`, as the API reports them (0 for unreachable jobs).
  int CountSteps(const std::vector<std::string>& ids, const std::string& status) const;
  // The server's /readyz status (0 when unreachable).
  long ReadyStatus() const;
  // The server's /metrics text ("" when it does not answer 200).
  std::string Metrics() const;

  void KillServer();
  Result<void> RestartServer();
  void KillWorker(size_t i);
  Result<void> StartWorker(size_t i);
  void PauseWorker(size_t i);   // SIGSTOP
  void ResumeWorker(size_t i);  // SIGCONT
  size_t worker_count() const { return workers_.size(); }

  std::string url() const { return server_->url(); }
  const api::HttpClient& http() const { return *http_; }
  // Where the server keeps things, for the database and log checks.
  std::string SqlitePath() const;  // "" on PostgreSQL
  const std::string& db_url() const { return options_.db_url; }
  std::string LogPath(const std::string& job_id) const;
  // Output of every process so far, for failure messages.
  std::string Output() const;

 private:
  FaultClusterOptions options_;
  api::testing::TempDir dir_;
  std::unique_ptr<api::testing::ServerProcess> server_;
  std::unique_ptr<api::HttpClient> http_;
  std::vector<pid_t> workers_;  // -1 when not running
  int worker_runs_ = 0;
};

}  // namespace stroem::fault
