#include "server/server.h"

#include <condition_variable>
#include <filesystem>
#include <thread>

#include "common/id.h"
#include "common/log.h"
#include "server/http_server.h"
#include "server/job_json.h"
#include "server/routes.h"
#include "server/workspace_loading.h"

namespace stroem::server {

void NotifyCompletion(ServerContext& ctx, const storage::Completion& done);  // worker_api.cc

namespace {

// SQLite URLs name a file; its folder must exist before the database opens.
void PrepareSqliteDir(const std::string& url) {
  if (url.find("://") != std::string::npos && !url.starts_with("sqlite:")) return;
  std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  if (path.starts_with("//")) path = path.substr(2);
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
}

// Strøm workers send log chunks of up to 1 MiB plus one line (64 KiB). A chunk refused
// for its size would leave a gap in the step's log, so the log route accepts this much
// whatever http.max_body_bytes says.
constexpr size_t kLogChunkBodyBytes = 2 << 20;

bool IsLogChunkRequest(std::string_view method, std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  return method == "POST" && path.starts_with("/worker/jobs/") && path.ends_with("/logs");
}

HttpServerOptions HttpOptions(const ServerConfig& c) {
  HttpServerOptions o;
  o.host = c.host();
  o.port = c.port();
  o.max_body_bytes = c.max_body_bytes;
  o.larger_body_bytes = kLogChunkBodyBytes;
  o.allows_larger_body = IsLogChunkRequest;
  o.request_timeout = std::chrono::seconds(c.request_timeout_secs);
  o.io_threads = c.io_threads;
  o.handler_threads = c.handler_threads;
  return o;
}

}  // namespace

struct Server::Impl {
  Impl(ServerConfig config, const Clock& clock) : ctx(std::move(config), clock) {}

  ServerContext ctx;
  Router router;
  std::unique_ptr<HttpServer> http;
  std::thread sweeper;
  std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;  // guarded by mu

  Result<void> OpenStore() {
    PrepareSqliteDir(ctx.config.db_url);
    storage::StoreOptions options;
    options.lease_duration = std::chrono::seconds(ctx.config.lease_seconds);
    options.pool_size = std::max(4, ctx.config.handler_threads);
    auto store = storage::OpenStore(ctx.config.db_url, ctx.clock, options);
    if (!store) return tl::unexpected(store.error());
    ctx.store = std::move(*store);
    return Ok();
  }

  void ChooseWorkerToken() {
    ctx.worker_token = ctx.config.worker_token;
    if (!ctx.worker_token.empty()) return;
    // Only the embedded worker (in this process) needs it: a random one.
    ctx.worker_token = NewUuid() + NewUuid();
    if (!ctx.config.embedded_worker.enabled)
      LogWarn(
          "no worker_token configured: external workers cannot connect (set worker_token or "
          "STROEM__WORKER_TOKEN)");
  }

  // Jobs past their task deadline fail; workers stop their steps at the next heartbeat.
  void FailOverdueJobs() {
    auto overdue = ctx.store->FailOverdueJobs();
    if (!overdue) {
      LogWarn("deadline sweep failed: " + overdue.error().message);
      return;
    }
    if (overdue->jobs_failed == 0) return;
    LogWarn("failed " + std::to_string(overdue->jobs_failed) + " job(s) past their task timeout");
    for (int i = 0; i < overdue->jobs_failed; ++i) ctx.metrics.CountJobFinished("failed");
    ctx.log_activity.Notify();
  }

  void SweepLoop() {
    std::unique_lock lock(mu);
    while (!stopping) {
      wake.wait_for(lock, std::chrono::seconds(ctx.config.sweep_interval_secs));
      if (stopping) break;
      lock.unlock();
      FailOverdueJobs();
      auto swept = ctx.store->FailExpiredAttempts();
      if (!swept)
        LogWarn("lease sweep failed: " + swept.error().message);
      else if (swept->attempts_failed > 0) {
        LogWarn("failed " + std::to_string(swept->attempts_failed) +
                " step(s) whose worker was lost");
        ctx.StepsBecameReady(swept->steps_ready);
        ctx.log_activity.Notify();
      }
      lock.lock();
    }
  }
};

Server::Server(ServerConfig config, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(config), clock)) {}

Server::~Server() {
  Stop();
}

Result<void> Server::Start() {
  Impl& s = *impl_;
  if (auto opened = s.OpenStore(); !opened) return opened;
  if (auto logs = s.ctx.logs.Init(); !logs) return logs;
  s.ctx.set_workspace(LoadServedWorkspace(s.ctx.config.workspace_path));
  s.ctx.workspace_loaded = true;
  s.ChooseWorkerToken();
  AddPublicRoutes(s.router, s.ctx);
  AddWorkerRoutes(s.router, s.ctx);
  AddOpsRoutes(s.router, s.ctx);
  ServerContext& ctx = s.ctx;
  Router& router = s.router;
  s.http =
      std::make_unique<HttpServer>(HttpOptions(s.ctx.config), [&router, &ctx](HttpRequest& req) {
        std::string route;
        HttpResponse resp = router.Dispatch(req, &route);
        if (!resp.retry_at || req.final_call)
          ctx.metrics.CountRequest(req.method + " " + route, resp.status);
        return resp;
      });
  if (auto started = s.http->Start(); !started) return started;
  s.sweeper = std::thread([&s] { s.SweepLoop(); });
  LogInfo("listening on " + url());
  return Ok();
}

void Server::Stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mu);
    if (s.stopping) return;
    s.stopping = true;
  }
  s.wake.notify_all();
  if (s.http) s.http->Stop();
  if (s.sweeper.joinable()) s.sweeper.join();
}

uint16_t Server::port() const {
  return impl_->http ? impl_->http->port() : 0;
}

std::string Server::url() const {
  std::string host = impl_->ctx.config.host();
  if (host == "0.0.0.0" || host == "::") host = "127.0.0.1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port());
}

const std::string& Server::worker_token() const {
  return impl_->ctx.worker_token;
}

}  // namespace stroem::server
