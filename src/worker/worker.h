// Worker: registers with a Strøm server, claims ready steps (long-poll), runs up to
// `max_concurrent` of them at once, streams their logs and reports their results.
// This is the whole of `stroem-worker` (main.cc adds config and signals) and the
// embedded worker of `stroem-server`.
//
// Embedding (stroem-server):
//   worker::WorkerConfig config;            // server_url = the server's own base URL,
//   config.server_url = "http://127.0.0.1:8080";   // worker_token, worker_name,
//   ...                                     // workspace_dir, max_concurrent
//   worker::Worker worker(config);
//   std::thread thread([&] { (void)worker.Run(); });
//   ...                                     // at shutdown:
//   worker.Stop();                          // drains within shutdown_grace_secs
//   thread.join();
//
// Behaviour:
//  - Registration is retried with backoff while the server is unreachable (it may start
//    later); a refusal (e.g. 401 wrong token) ends Run with that error.
//  - Heartbeats every heartbeat_interval_secs, and every second while steps run: this
//    extends their leases, and the answer names attempts the server stopped (job cancelled,
//    task timed out, attempt given up), whose processes are then killed and reported.
//  - A step's `timeout_ms` from the claim is passed to the runner, which kills the process
//    group past it ("timed out after 30s").
//  - When the server is unreachable, running steps go on; their logs wait (bounded
//    memory, then disk) and are delivered in order once it is back; results are retried
//    until acknowledged. Nothing is lost and nothing is reported twice.
//  - Stop(): no new claims (a pending long-poll is abandoned); running steps get
//    shutdown_grace_secs to finish; then they are cancelled and reported as failed
//    ("cancelled"); then Run returns Ok.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "runner/runner.h"
#include "worker/worker_config.h"

namespace stroem::worker {

struct WorkerOptions {
  // Executes steps; a ShellRunner when null. Must outlive the Worker.
  runner::Runner* runner = nullptr;
  // Log line timestamps.
  const Clock* clock = &SystemClock::Instance();
  // The worker's own messages (registration, retries, step ends). Default: stderr.
  std::function<void(const std::string&)> log;
};

class Worker {
 public:
  explicit Worker(WorkerConfig config, WorkerOptions options = {});
  ~Worker();  // Stop()s; Run must have returned before the Worker is destroyed
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Blocks until Stop() and the drain are done (Ok), or registration was refused, or the
  // workspace / spool folder cannot be created (error). Call once.
  Result<void> Run();
  // Thread-safe, idempotent, returns at once; Run does the draining.
  void Stop();

  // The id the server gave at registration ("" before).
  std::string worker_id() const;
  // Steps running now.
  int running() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace stroem::worker
