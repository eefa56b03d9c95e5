#include "harness.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "e2e_workspace.h"
#include "storage/testing/test_stores.h"

namespace stroem::e2e {
namespace fs = std::filesystem;
namespace json = boost::json;
using storage::testing::BackendKind;
using storage::testing::TestDatabase;

namespace {

constexpr auto kStartLimit = std::chrono::seconds(60);
constexpr auto kJobLimit = std::chrono::seconds(90);

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The repository's example workspace plus the suite's own workflows.
std::string MakeWorkspace(const std::string& root) {
  std::string ws = root + "/workspace";
  std::string source = Env("STROEM_SOURCE_DIR");
  if (!source.empty()) fs::copy(source + "/workspace", ws, fs::copy_options::recursive);
  WriteFile(ws + "/.workflows/e2e.yaml", kE2eWorkflows);
  return ws;
}

std::string WorkerConfigYaml(const std::string& url, const std::string& name, int max_concurrent,
                             const std::string& workspace) {
  return "server_url: \"" + url + "\"\n" +                      //
         "worker_token: \"" + Cluster::kWorkerToken + "\"\n" +  //
         "worker_name: \"" + name + "\"\n" +                    //
         "max_concurrent: " + std::to_string(max_concurrent) + "\n" +
         "poll_interval_secs: 1\n"
         "workspace_dir: \"" +
         workspace + "\"\n" +
         "capabilities: [shell]\n"
         // Teardown waits for the drain; the tests never leave steps running.
         "shutdown_grace_secs: 5\n";
}

}  // namespace

bool PostgresAvailable() {
  return !Env("STROEM_TEST_PG_URL").empty();
}

std::unique_ptr<Cluster> Cluster::Start(const ClusterOptions& options, std::string& error) {
  std::unique_ptr<Cluster> c(new Cluster);
  c->database_ = TestDatabase::Create(options.backend == Backend::kPostgres ? BackendKind::kPostgres
                                                                            : BackendKind::kSqlite);
  if (!c->database_) {
    error = "STROEM_TEST_PG_URL is not set";
    return nullptr;
  }
  c->workspace_ = MakeWorkspace(c->dir());
  if (!c->StartServer(options, error) || !c->StartWorkers(options, error)) {
    error += "\n--- output ---\n" + c->Output();
    return nullptr;
  }
  return c;
}

Cluster::~Cluster() {
  // Workers first: they drain and report before the server goes away.
  for (auto& w : workers_) w->Stop();
  if (server_) server_->Stop();
}

bool Cluster::StartServer(const ClusterOptions& options, std::string& error) {
  std::string binary = Env("STROEM_SERVER_BIN");
  if (binary.empty()) {
    error = "STROEM_SERVER_BIN is not set";
    return false;
  }
  std::string ready = dir() + "/server.ready";
  std::map<std::string, std::string> env = {
      {"STROEM__LISTEN", "127.0.0.1:0"},
      {"STROEM__DB__URL", database_->url()},
      {"STROEM__LOG_STORAGE__LOCAL_DIR", dir() + "/logs"},
      {"STROEM__WORKSPACE__PATH", workspace_},
      {"STROEM__WORKER_TOKEN", kWorkerToken},
      {"STROEM__EMBEDDED_WORKER__ENABLED", options.embedded_worker ? "true" : "false"}};
  if (!options.server_config_file.empty()) env["STROEM_CONFIG"] = options.server_config_file;
  for (const auto& [k, v] : options.server_env) env[k] = v;
  server_ = std::make_unique<ChildProcess>(binary, std::vector<std::string>{"--ready-file", ready},
                                           env, dir(), dir() + "/server.out");
  bool up = api::testing::WaitUntil(
      [&] { return !Trimmed(ReadFile(ready)).empty() || !server_->Running(); }, kStartLimit);
  url_ = Trimmed(ReadFile(ready));
  if (!up || url_.empty()) {
    error = "stroem-server did not become ready";
    return false;
  }
  return true;
}

bool Cluster::StartWorkers(const ClusterOptions& options, std::string& error) {
  std::string binary = Env("STROEM_WORKER_BIN");
  if (options.workers > 0 && binary.empty()) {
    error = "STROEM_WORKER_BIN is not set";
    return false;
  }
  for (int i = 1; i <= options.workers; ++i) {
    std::string name = "e2e-worker-" + std::to_string(i);
    std::string config = options.worker_config_file;
    std::map<std::string, std::string> env;
    if (config.empty()) {
      config = dir() + "/" + name + ".yaml";
      WriteFile(config, WorkerConfigYaml(url_, name, options.worker_max_concurrent, workspace_));
    } else {
      env = {{"STROEM__SERVER_URL", url_},
             {"STROEM__WORKER_TOKEN", kWorkerToken},
             {"STROEM__WORKER_NAME", name},
             {"STROEM__WORKSPACE_DIR", workspace_}};
    }
    env["STROEM_CONFIG"] = config;
    env["STROEM__LOG_SPOOL_DIR"] = dir() + "/spool-" + std::to_string(i);
    workers_.push_back(std::make_unique<ChildProcess>(binary, std::vector<std::string>{}, env,
                                                      dir(), dir() + "/" + name + ".out"));
  }
  // Registered workers show up in GET /api/workers.
  bool registered = api::testing::WaitUntil(
      [&] {
        json::value list = Get("/api/workers").Json();
        return list.is_array() && static_cast<int>(list.get_array().size()) >= options.workers;
      },
      kStartLimit);
  if (!registered) error = "the workers did not register";
  return registered;
}

HttpReply Cluster::Get(const std::string& path) const {
  return Send({"GET", url_ + path});
}

HttpReply Cluster::Post(const std::string& path, const std::string& json_body,
                        std::vector<std::string> headers) const {
  headers.push_back("Content-Type: application/json");
  return Send({"POST", url_ + path, json_body, headers});
}

std::string Cluster::Trigger(const std::string& task, const json::object& input) const {
  HttpReply r =
      Post("/api/tasks/" + task + "/execute", json::serialize(json::object{{"input", input}}));
  EXPECT_EQ(r.status, 200) << r.body << r.transport_error;
  json::value v = r.Json();
  if (!v.is_object() || !v.get_object().contains("job_id")) return "";
  return std::string(v.at("job_id").as_string());
}

json::value Cluster::WaitForJob(const std::string& job_id) const {
  json::value job;
  bool done = api::testing::WaitUntil(
      [&] {
        job = Get("/api/jobs/" + job_id).Json();
        std::string s = StatusOf(job);
        return s == "completed" || s == "failed" || s == "cancelled";
      },
      kJobLimit);
  EXPECT_TRUE(done) << "job " << job_id << " did not finish: " << json::serialize(job) << "\n"
                    << Output();
  return done ? job : json::value(nullptr);
}

std::string Cluster::Logs(const std::string& job_id) const {
  HttpReply r = Get("/api/jobs/" + job_id + "/logs");
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 1000) << r.transport_error;
  json::value v = r.Json();
  if (!v.is_object() || !v.get_object().contains("logs")) return "";
  return std::string(v.at("logs").as_string());
}

RunResult Cluster::Cli(const std::vector<std::string>& args) const {
  std::vector<std::string> all{"--server", url_};
  all.insert(all.end(), args.begin(), args.end());
  return RunCommand(Env("STROEM_CLI_BIN"), all);
}

std::string Cluster::Output() const {
  std::string out = "[server]\n" + (server_ ? server_->Output() : "");
  for (size_t i = 0; i < workers_.size(); ++i)
    out += "[worker " + std::to_string(i + 1) + "]\n" + workers_[i]->Output();
  return out;
}

int Cluster::StopServer() {
  return server_->Stop();
}

json::value StepField(const json::value& job, const std::string& step, const std::string& field) {
  if (!job.is_object() || !job.get_object().contains("steps")) return nullptr;
  for (const json::value& s : job.at("steps").as_array())
    if (s.at("step_name").as_string() == step) {
      const json::value* v = s.as_object().if_contains(field);
      return v ? *v : json::value(nullptr);
    }
  return nullptr;
}

std::string StepStatus(const json::value& job, const std::string& step) {
  json::value s = StepField(job, step, "status");
  return s.is_string() ? std::string(s.get_string()) : "";
}

std::string StatusOf(const json::value& doc) {
  if (!doc.is_object()) return "";
  const json::value* s = doc.get_object().if_contains("status");
  return s && s->is_string() ? std::string(s->get_string()) : "";
}

}  // namespace stroem::e2e
