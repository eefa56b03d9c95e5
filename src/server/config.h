// The server's configuration: the seed's `server-config.yaml` keys plus ours.
// Read from the file named by STROEM_CONFIG (or none: the single-node
// defaults), then `STROEM__SECTION__KEY` environment variables override any
// key. Unknown keys and wrong types are errors naming the key and its place.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace stroem::server {

struct EmbeddedWorkerConfig {
  bool enabled = false;
  std::string worker_name = "embedded";
  int max_concurrent = 4;
  std::vector<std::string> capabilities{"shell"};
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::string db_url = "sqlite:.stroem/stroem.db";
  std::string log_dir = ".stroem/logs";        // log_storage.local_dir
  std::string workspace_type = "folder";       // workspace.type (seed: source_type)
  std::string workspace_path = "./workspace";  // workspace.path
  std::string worker_token;                    // required unless only the embedded worker runs
  int lease_seconds = 30;                      // attempts expire this long after the last heartbeat
  int sweep_interval_secs = 5;                 // how often expired leases are looked for
  int claim_max_wait_ms = 30000;               // cap on a worker's long-poll wait_ms
  std::string log_format = "text";             // text | json (the server's own log)
  std::string log_level = "info";              // debug | info | warn | error
  size_t max_body_bytes = 8 << 20;             // http.max_body_bytes
  int request_timeout_secs = 30;               // http.request_timeout_secs
  int io_threads = 2;                          // http.io_threads
  int handler_threads = 8;                     // http.handler_threads
  EmbeddedWorkerConfig embedded_worker;
  std::string source;  // where it came from: the file, or "defaults"

  std::string host() const;
  uint16_t port() const;
};

// Loads `path` (empty: no file, single-node defaults with the embedded worker
// on) and applies the STROEM__* overrides from `environ_block`.
Result<ServerConfig> LoadServerConfig(const std::string& path, char** environ_block);

// The same from a document already in memory (`file` names it in messages).
Result<ServerConfig> ParseServerConfig(const std::string& file, std::string_view content,
                                       char** environ_block);

}  // namespace stroem::server
