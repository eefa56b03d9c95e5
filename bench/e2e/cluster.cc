#include "cluster.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace stroem::bench {
namespace json = boost::json;
namespace fs = std::filesystem;
namespace {

constexpr const char* kToken = "bench-token";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Tail(const std::string& text, size_t n = 2000) {
  return text.size() <= n ? text : text.substr(text.size() - n);
}

void WriteFile(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << content;
}

template <typename F>
bool PollUntil(double timeout_s, int every_ms, F done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(every_ms));
  }
  return true;
}

bool Finished(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

}  // namespace

std::string CreatePgDatabase(const std::string& name) {
  const char* base = std::getenv("STROEM_TEST_PG_URL");
  if (!base || !*base)
    throw std::runtime_error(
        "PostgreSQL: STROEM_TEST_PG_URL is not set (run under scripts/with-postgres)");
  std::string url = base;
  if (std::system(("psql -q '" + url + "' -c 'CREATE DATABASE " + name + "' >/dev/null").c_str()) !=
      0)
    throw std::runtime_error("cannot create database " + name);
  return url.substr(0, url.rfind('/') + 1) + name;
}

void DropPgDatabase(const std::string& name) {
  const char* base = std::getenv("STROEM_TEST_PG_URL");
  if (!base || name.empty()) return;
  std::system(("psql -q '" + std::string(base) + "' -c 'DROP DATABASE IF EXISTS " + name +
               " WITH (FORCE)' >/dev/null 2>&1")
                  .c_str());
}

const char* BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

double NowSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double ParseRfc3339(const std::string& text) {
  std::tm tm{};
  double frac = 0;
  if (text.size() < 19) return 0;
  if (sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
             &tm.tm_min, &tm.tm_sec) != 6)
    return 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  if (text.size() > 19 && text[19] == '.')
    frac = std::strtod(("0" + text.substr(19)).c_str(), nullptr);
  return static_cast<double>(timegm(&tm)) + frac;
}

JobTimes ParseJobTimes(const json::value& job) {
  auto time_of = [&](const char* key) {
    const json::value* v = job.as_object().if_contains(key);
    return v && v->is_string() ? ParseRfc3339(std::string(v->as_string())) : 0.0;
  };
  return JobTimes{std::string(job.at("job_id").as_string()),
                  std::string(job.at("status").as_string()), time_of("created_at"),
                  time_of("started_at"), time_of("completed_at")};
}

Cluster::Cluster(const Binaries& binaries, const ClusterOptions& options) {
  char tmpl[] = "/tmp/stroem-e2e.XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a scratch folder");
  dir_ = tmpl;
  WriteFile(dir_ + "/workspace/.workflows/bench.yaml", options.workflows);
  WriteFile(dir_ + "/empty.yaml", "");
  try {
    StartServer(binaries, options);
    StartWorkers(binaries, options);
  } catch (...) {
    workers_.clear();
    server_.Stop();
    DropPgDatabase(database_);
    fs::remove_all(dir_);
    throw;
  }
}

Cluster::~Cluster() {
  workers_.clear();  // each stops with SIGTERM
  server_.Stop();
  DropPgDatabase(database_);
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void Cluster::StartServer(const Binaries& binaries, const ClusterOptions& options) {
  std::string db_url = "sqlite:" + dir_ + "/stroem.db";
  if (options.backend == Backend::kPostgres) {
    database_ = "stroem_e2e_" + std::to_string(getpid()) + "_" +
                fs::path(dir_).filename().string().substr(11);
    for (char& c : database_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    db_url = CreatePgDatabase(database_);
  }
  std::string ready = dir_ + "/server.url";
  server_ = Process({binaries.server, "--ready-file", ready},
                    {{"STROEM_CONFIG", ""},
                     {"STROEM__LISTEN", "127.0.0.1:0"},
                     {"STROEM__DB__URL", db_url},
                     {"STROEM__LOG_STORAGE__LOCAL_DIR", dir_ + "/logs"},
                     {"STROEM__WORKSPACE__PATH", dir_ + "/workspace"},
                     {"STROEM__WORKER_TOKEN", kToken},
                     {"STROEM__LOG_LEVEL", "warn"},
                     {"STROEM__EMBEDDED_WORKER__ENABLED", "false"}},
                    dir_, dir_ + "/server.out");
  bool up = PollUntil(30, 5, [&] {
    std::string text = ReadAll(ready);
    if (!text.empty() && text.back() == '\n') url_ = text.substr(0, text.size() - 1);
    return !url_.empty() || !server_.Running();
  });
  if (!up || url_.empty())
    throw std::runtime_error(
        "stroem-server did not start (" +
        (server_.Running() ? std::string("no URL in 30 s")
                           : "exit status " + std::to_string(server_.exit_status())) +
        ", 127: could not execute " + binaries.server + "):\n" + Diagnostics());
  http_ = std::make_unique<api::HttpClient>(url_);
}

void Cluster::StartWorkers(const Binaries& binaries, const ClusterOptions& options) {
  for (int i = 0; i < options.workers; ++i) {
    std::string name = "bench-" + std::to_string(i);
    workers_.emplace_back(std::vector<std::string>{binaries.worker},
                          Env{{"STROEM_CONFIG", dir_ + "/empty.yaml"},
                              {"STROEM__SERVER_URL", url_},
                              {"STROEM__WORKER_TOKEN", kToken},
                              {"STROEM__WORKER_NAME", name},
                              {"STROEM__MAX_CONCURRENT", std::to_string(options.max_concurrent)},
                              {"STROEM__POLL_INTERVAL_SECS", "1"},
                              {"STROEM__WORKSPACE_DIR", dir_ + "/" + name},
                              {"STROEM__LOG_SPOOL_DIR", dir_ + "/" + name + "-spool"}},
                          dir_, dir_ + "/" + name + ".out");
  }
  bool registered = PollUntil(30, 10, [&] {
    auto workers = http_->Get("/api/workers");
    return workers && workers->status == 200 &&
           json::parse(workers->body).as_array().size() >= static_cast<size_t>(options.workers);
  });
  if (!registered) throw std::runtime_error("the workers did not register:\n" + Diagnostics());
}

std::string Cluster::Diagnostics() const {
  std::string out = "--- server.out\n" + Tail(ReadAll(dir_ + "/server.out"));
  for (size_t i = 0; i < workers_.size(); ++i)
    out += "\n--- bench-" + std::to_string(i) + ".out\n" +
           Tail(ReadAll(dir_ + "/bench-" + std::to_string(i) + ".out"));
  return out;
}

std::string Cluster::Execute(const std::string& task, const std::string& input_json) const {
  auto r = http_->Post("/api/tasks/" + task + "/execute", "{\"input\":" + input_json + "}",
                       api::RequestOptions{std::chrono::seconds(300)});
  if (!r) throw std::runtime_error("execute " + task + ": " + r.error().message);
  if (!api::IsSuccess(*r))
    throw std::runtime_error("execute " + task + ": " + std::to_string(r->status) + " " + r->body);
  return std::string(json::parse(r->body).at("job_id").as_string());
}

json::value Cluster::GetJson(const std::string& path) const {
  auto r = http_->Get(path, api::RequestOptions{std::chrono::seconds(300)});
  if (!r) throw std::runtime_error("GET " + path + ": " + r.error().message);
  if (!api::IsSuccess(*r))
    throw std::runtime_error("GET " + path + ": " + std::to_string(r->status) + " " + r->body);
  return json::parse(r->body);
}

std::optional<JobTimes> Cluster::TryWaitJob(const std::string& task, const std::string& job_id,
                                            double timeout_s, int poll_ms) const {
  JobTimes found;
  bool done = PollUntil(timeout_s, poll_ms, [&] {
    json::value jobs = GetJson("/api/jobs?limit=20&task=" + task);
    for (const json::value& j : jobs.as_array()) {
      if (j.at("job_id").as_string() != job_id) continue;
      found = ParseJobTimes(j);
      return Finished(found.status);
    }
    return false;
  });
  if (!done) return std::nullopt;
  if (found.status != "completed")
    throw std::runtime_error("job " + job_id + " of " + task + " ended " + found.status);
  return found;
}

JobTimes Cluster::WaitJob(const std::string& task, const std::string& job_id, double timeout_s,
                          int poll_ms) const {
  auto job = TryWaitJob(task, job_id, timeout_s, poll_ms);
  if (!job)
    throw std::runtime_error("job " + job_id + " of " + task + " did not finish in time:\n" +
                             Diagnostics());
  return *job;
}

std::vector<JobTimes> Cluster::WaitAllJobs(const std::string& task, double timeout_s) const {
  bool done = PollUntil(timeout_s, 20, [&] {
    return GetJson("/api/jobs?limit=1&status=pending&task=" + task).as_array().empty() &&
           GetJson("/api/jobs?limit=1&status=running&task=" + task).as_array().empty();
  });
  if (!done)
    throw std::runtime_error("jobs of " + task + " did not finish in time:\n" + Diagnostics());
  std::vector<JobTimes> out;
  for (int offset = 0;; offset += 1000) {
    json::array page =
        GetJson("/api/jobs?limit=1000&task=" + task + "&offset=" + std::to_string(offset))
            .as_array();
    for (const json::value& j : page) out.push_back(ParseJobTimes(j));
    if (page.size() < 1000) break;
  }
  for (const JobTimes& j : out)
    if (j.status != "completed")
      throw std::runtime_error("job " + j.job_id + " of " + task + " ended " + j.status);
  return out;
}

}  // namespace stroem::bench
