// WorkerConfig: what a worker needs to know, from `worker-config.yaml` (the seed's keys)
// plus environment overrides, or built in code by an embedding server.
//
// Seed keys (all required but `capabilities`):
//   server_url, worker_token, worker_name, max_concurrent, poll_interval_secs,
//   workspace_dir, capabilities (default [shell])
// Additions (all optional):
//   shutdown_grace_secs     (30)   SIGTERM: how long running steps may finish
//   log_spool_dir           ("")   where log chunks spill beyond the memory limit;
//                                  "" = a fresh folder under the system temp directory
//   log_memory_limit_bytes  (16 MiB) queued log chunks kept in memory, all steps together
//   claim_wait_ms           (20000) long-poll wait asked of the server per claim (0: none)
//   heartbeat_interval_secs (30)   heartbeat period when idle (every second while steps
//                                  run: leases, and cancellations from the server)
// Every key can be set from the environment: STROEM__MAX_CONCURRENT=8. Unknown keys and
// wrong types are errors naming the key and its `file:line:col`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace stroem::worker {

struct WorkerConfig {
  std::string server_url;
  std::string worker_token;
  std::string worker_name;
  int max_concurrent = 4;
  int poll_interval_secs = 2;
  std::string workspace_dir;
  std::vector<std::string> capabilities{"shell"};
  int shutdown_grace_secs = 30;
  std::string log_spool_dir;
  int64_t log_memory_limit_bytes = 16 * 1024 * 1024;
  int claim_wait_ms = 20'000;
  int heartbeat_interval_secs = 30;
};

// Parses a config document (`file` names it in messages) and applies `overrides`
// (dotted key, value), as made by yaml::EnvOverrides. All problems are reported at once,
// one `file:line:col: error: message` per line, as one kInvalidArgument error.
Result<WorkerConfig> ParseWorkerConfig(
    const std::string& file, std::string_view content,
    const std::vector<std::pair<std::string, std::string>>& overrides);

// Reads `$STROEM_CONFIG` (default `worker-config.yaml`) and the `STROEM__*` variables of
// `environ_block`. A missing default file is not an error (the environment may carry the
// whole configuration); a missing `$STROEM_CONFIG` file is.
Result<WorkerConfig> LoadWorkerConfig(char** environ_block);

}  // namespace stroem::worker
