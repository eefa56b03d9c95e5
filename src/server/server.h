// Server: the whole stroem-server behind one object — store, workspace, log
// store, HTTP API and the lease sweeper. main.cc (and tests) construct it
// from a ServerConfig, Start() it, and Stop() it.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/error.h"
#include "server/config.h"

namespace stroem::server {

class Server {
 public:
  Server(ServerConfig config, const Clock& clock = SystemClock::Instance());
  ~Server();

  // Opens the database (applying migrations), loads the workspace (files with
  // errors are reported and skipped), starts listening and sweeping. Errors
  // name what failed (the database URL with its password hidden, the address).
  Result<void> Start();
  // Stops accepting, answers in-flight requests, stops the sweeper. Idempotent.
  void Stop();

  uint16_t port() const;
  std::string url() const;  // http://host:port (127.0.0.1 when bound to all addresses)
  const std::string& worker_token() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stroem::server
