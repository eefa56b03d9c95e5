// A throw-away Strøm installation for one benchmark: a scratch folder with the
// benchmark's workflows, a fresh database (a SQLite file, or a new database on the
// PostgreSQL of $STROEM_TEST_PG_URL), one stroem-server on a free loopback port and N
// stroem-worker processes, configured only through STROEM__* environment variables.
// Everything is stopped and removed by the destructor.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http_client.h"
#include "process.h"

namespace stroem::bench {

enum class Backend { kSqlite, kPostgres };
const char* BackendName(Backend backend);

struct Binaries {
  std::string server;
  std::string worker;
  std::string stamp;        // stroem_e2e_stamp: records when a step's process started
  std::string peer_script;  // bench/e2e/graphile/peer.mjs
};

struct ClusterOptions {
  Backend backend = Backend::kSqlite;
  std::string workflows;  // YAML of .workflows/bench.yaml
  int workers = 1;
  int max_concurrent = 4;
};

// A job as GET /api/jobs lists it; times in seconds since the epoch (0 when unset).
struct JobTimes {
  std::string job_id;
  std::string status;
  double created = 0;
  double started = 0;
  double completed = 0;
};

class Cluster {
 public:
  // Starts everything and waits until the workers are registered. Throws on failure,
  // with the server's or a worker's output in the message.
  Cluster(const Binaries& binaries, const ClusterOptions& options);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }
  const api::HttpClient& http() const { return *http_; }
  Process& server() { return server_; }
  std::vector<Process>& workers() { return workers_; }

  // POST /api/tasks/{task}/execute; returns the job id. Throws on any failure.
  std::string Execute(const std::string& task, const std::string& input_json = "{}") const;
  // GET and parse; throws unless 2xx.
  boost::json::value GetJson(const std::string& path) const;
  // Polls the newest jobs of `task` until `job_id` is finished (every `poll_ms`).
  JobTimes WaitJob(const std::string& task, const std::string& job_id, double timeout_s,
                   int poll_ms = 2) const;
  // As WaitJob, but nullopt when the job is still unfinished after `timeout_s`.
  std::optional<JobTimes> TryWaitJob(const std::string& task, const std::string& job_id,
                                     double timeout_s, int poll_ms = 2) const;
  // Waits until no job of `task` is pending or running, then lists all its jobs.
  std::vector<JobTimes> WaitAllJobs(const std::string& task, double timeout_s) const;

 private:
  void StartServer(const Binaries& binaries, const ClusterOptions& options);
  void StartWorkers(const Binaries& binaries, const ClusterOptions& options);
  std::string Diagnostics() const;

  std::string dir_;
  std::string database_;  // the PostgreSQL database to drop, if any
  std::string url_;
  std::unique_ptr<api::HttpClient> http_;
  Process server_;
  std::vector<Process> workers_;
};

// A new database on the PostgreSQL of $STROEM_TEST_PG_URL (returns its URL), and its removal.
std::string CreatePgDatabase(const std::string& name);
void DropPgDatabase(const std::string& name);

double ParseRfc3339(const std::string& text);  // 0 for an empty/unparseable text
double NowSeconds();                           // CLOCK_REALTIME
JobTimes ParseJobTimes(const boost::json::value& job);

}  // namespace stroem::bench
