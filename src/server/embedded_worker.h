// The embedded worker: with `embedded_worker.enabled`, stroem-server also runs
// a worker in-process. It talks to the server over the same HTTP protocol as a
// separate stroem-worker, so both behave identically.
#pragma once

#include <memory>
#include <string>

#include "server/config.h"

namespace stroem::server {

// Runs until destroyed; destroying it drains running steps (stop claiming,
// let them finish within the grace period, then cancel and report).
class EmbeddedWorker {
 public:
  virtual ~EmbeddedWorker() = default;
};

// nullptr when the embedded worker is disabled.
std::unique_ptr<EmbeddedWorker> StartEmbeddedWorker(const ServerConfig& config,
                                                    const std::string& server_url,
                                                    const std::string& worker_token);

}  // namespace stroem::server
