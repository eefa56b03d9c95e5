// Wired into the stroem-server executable only: the server library never
// links the worker or the runner (DESIGN §3).
#include "server/embedded_worker.h"

#include <thread>

#include "common/log.h"
#include "worker/worker.h"

namespace stroem::server {
namespace {

class RunningWorker final : public EmbeddedWorker {
 public:
  explicit RunningWorker(worker::WorkerConfig config)
      : worker_(std::move(config), Options()), thread_([this] { Run(); }) {}

  ~RunningWorker() override {
    worker_.Stop();
    thread_.join();
  }

 private:
  static worker::WorkerOptions Options() {
    worker::WorkerOptions o;
    o.log = [](const std::string& message) { LogInfo("embedded worker: " + message); };
    return o;
  }

  void Run() {
    auto ran = worker_.Run();
    if (!ran) LogError("embedded worker stopped: " + ran.error().message);
  }

  worker::Worker worker_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<EmbeddedWorker> StartEmbeddedWorker(const ServerConfig& config,
                                                    const std::string& server_url,
                                                    const std::string& worker_token) {
  if (!config.embedded_worker.enabled) return nullptr;
  worker::WorkerConfig wc;
  wc.server_url = server_url;
  wc.worker_token = worker_token;
  wc.worker_name = config.embedded_worker.worker_name;
  wc.max_concurrent = config.embedded_worker.max_concurrent;
  wc.capabilities = config.embedded_worker.capabilities;
  wc.workspace_dir = config.workspace_path;
  wc.log_spool_dir = config.log_dir + "/.spool";
  LogInfo("embedded worker: running up to " + std::to_string(wc.max_concurrent) + " steps at once");
  return std::make_unique<RunningWorker>(std::move(wc));
}

}  // namespace stroem::server
