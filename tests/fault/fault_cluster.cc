#include "fault_cluster.h"

#include <signal.h>

#include <chrono>
#include <filesystem>

#include "api/public_api.h"

namespace stroem::fault {
namespace {

using api::testing::EnvOr;
namespace json = boost::json;

// `sleep` paces the output so that a kill lands mid-step; it is workload, not waiting.
constexpr const char* kWorkflow = R"(
actions:
  count:
    type: shell
    cmd: for i in $(seq 1 {{ input.lines }}); do echo "line-$i"; sleep 0.03; done
    input:
      lines: { type: integer, required: true }
  leak:
    type: shell
    cmd: echo "token={{ secret.token }}"
tasks:
  fan:
    flow:
      a: { action: count, input: { lines: 30 } }
      b: { action: count, depends_on: [a], input: { lines: 20 } }
      c: { action: count, depends_on: [a], input: { lines: 20 } }
      d: { action: count, depends_on: [b, c], input: { lines: 10 } }
  leak:
    flow:
      show: { action: leak }
secrets:
  token: fault-s3cret-value
)";

bool Terminal(const json::object& job) {
  const json::value* s = job.if_contains("status");
  return s && s->is_string() && api::IsTerminalJobStatus(std::string(s->get_string()));
}

// A status probe: answered at once by a live server, so a short bound.
api::RequestOptions Quick() {
  api::RequestOptions quick;
  quick.timeout = std::chrono::seconds(5);
  return quick;
}

}  // namespace

FaultCluster::FaultCluster(FaultClusterOptions options) : options_(std::move(options)) {
  api::testing::WriteFile(dir_.path() + "/workspace/.workflows/fault.yaml", kWorkflow);
  api::testing::ServerProcessOptions so;
  so.server_binary = EnvOr("STROEM_SERVER_BIN", STROEM_SERVER_BIN_DEFAULT);
  so.workspace = dir_.path() + "/workspace";
  so.worker_token = kWorkerToken;
  so.lease_seconds = options_.lease_seconds;
  if (!options_.db_url.empty()) so.env["STROEM__DB__URL"] = options_.db_url;
  server_ = std::make_unique<api::testing::ServerProcess>(so);
  workers_.assign(static_cast<size_t>(options_.workers), -1);
}

FaultCluster::~FaultCluster() {
  for (size_t i = 0; i < workers_.size(); ++i) KillWorker(i);
}

Result<void> FaultCluster::Start() {
  if (auto started = server_->Start(); !started) return started;
  http_ = std::make_unique<api::HttpClient>(server_->url());
  for (size_t i = 0; i < workers_.size(); ++i)
    if (auto w = StartWorker(i); !w) return w;
  return Ok();
}

std::string FaultCluster::Trigger(const std::string& task) {
  auto r = http_->Post("/api/tasks/" + task + "/execute", "{}");
  if (!r || r->status != 200) return "";
  auto id = api::ParseExecuteResponse(r->body);
  return id ? *id : "";
}

std::optional<json::object> FaultCluster::Job(const std::string& id) const {
  auto r = http_->Get("/api/jobs/" + id, Quick());
  if (!r || r->status != 200) return std::nullopt;
  json::error_code ec;
  json::value v = json::parse(r->body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.get_object();
}

std::vector<std::string> FaultCluster::WaitTerminal(const std::vector<std::string>& ids,
                                                    int seconds) const {
  std::vector<std::string> open;
  api::testing::WaitUntil(
      [&] {
        open.clear();
        for (const std::string& id : ids) {
          auto job = Job(id);
          if (!job || !Terminal(*job)) open.push_back(id);
        }
        return open.empty();
      },
      std::chrono::seconds(seconds));
  return open;
}

int FaultCluster::CountSteps(const std::vector<std::string>& ids, const std::string& status) const {
  int n = 0;
  for (const std::string& id : ids) {
    auto job = Job(id);
    const json::value* steps = job ? job->if_contains("steps") : nullptr;
    if (!steps || !steps->is_array()) continue;
    for (const json::value& s : steps->get_array())
      if (s.is_object() && s.get_object().contains("status") &&
          s.get_object().at("status") == json::value(status))
        ++n;
  }
  return n;
}

long FaultCluster::ReadyStatus() const {
  auto r = http_->Get("/readyz", Quick());
  return r ? r->status : 0;
}

std::string FaultCluster::Metrics() const {
  auto r = http_->Get("/metrics", Quick());
  return r && r->status == 200 ? r->body : "";
}

void FaultCluster::KillServer() {
  server_->Kill();
}

Result<void> FaultCluster::RestartServer() {
  return server_->Start();
}

void FaultCluster::KillWorker(size_t i) {
  if (workers_[i] <= 0) return;
  ::kill(workers_[i], SIGKILL);
  api::testing::WaitProcess(workers_[i]);
  workers_[i] = -1;
}

Result<void> FaultCluster::StartWorker(size_t i) {
  std::string name = "fault-" + std::to_string(i);
  std::string ws = dir_.path() + "/" + name;
  std::filesystem::create_directories(ws);
  workers_[i] = api::testing::SpawnProcess(
      EnvOr("STROEM_WORKER_BIN", STROEM_WORKER_BIN_DEFAULT), {},
      {{"STROEM_CONFIG", "\x01"},
       {"STROEM__SERVER_URL", server_->url()},
       {"STROEM__WORKER_TOKEN", kWorkerToken},
       {"STROEM__WORKER_NAME", name},
       {"STROEM__MAX_CONCURRENT", std::to_string(options_.worker_max_concurrent)},
       {"STROEM__POLL_INTERVAL_SECS", "1"},
       {"STROEM__CLAIM_WAIT_MS", "1000"},
       {"STROEM__HEARTBEAT_INTERVAL_SECS", "1"},
       {"STROEM__WORKSPACE_DIR", ws}},
      dir_.path() + "/worker-" + std::to_string(++worker_runs_) + ".out");
  if (workers_[i] <= 0) return Fail(ErrorCode::kUnavailable, "cannot start " + name);
  return Ok();
}

void FaultCluster::PauseWorker(size_t i) {
  if (workers_[i] > 0) ::kill(workers_[i], SIGSTOP);
}

void FaultCluster::ResumeWorker(size_t i) {
  if (workers_[i] > 0) ::kill(workers_[i], SIGCONT);
}

std::string FaultCluster::SqlitePath() const {
  return options_.db_url.empty() ? server_->data_dir() + "/stroem.db" : "";
}

std::string FaultCluster::LogPath(const std::string& job_id) const {
  return server_->data_dir() + "/logs/" + job_id + ".jsonl";
}

std::string FaultCluster::Output() const {
  std::string out = "--- server ---\n" + server_->Output();
  for (int i = 1; i <= worker_runs_; ++i) {
    std::string text =
        api::testing::ReadFile(dir_.path() + "/worker-" + std::to_string(i) + ".out");
    if (text.size() > 4000) text = "…" + text.substr(text.size() - 4000);
    out += "--- worker run " + std::to_string(i) + " ---\n" + text;
  }
  return out;
}

}  // namespace stroem::fault
