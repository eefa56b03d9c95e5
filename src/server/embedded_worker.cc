#include "server/embedded_worker.h"

#include "common/log.h"

namespace stroem::server {

std::unique_ptr<EmbeddedWorker> StartEmbeddedWorker(const ServerConfig& config, const std::string& server_url,
                                                    const std::string& worker_token) {
  if (config.embedded_worker.enabled)
    LogWarn("embedded_worker: not available in this build yet; start a stroem-worker against " + server_url);
  return nullptr;
}

}  // namespace stroem::server
