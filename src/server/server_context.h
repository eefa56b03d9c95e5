// ServerContext: what every handler shares. Owned by Server (server.h).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "server/config.h"
#include "server/log_store.h"
#include "server/metrics.h"
#include "server/wakeup_signal.h"
#include "storage/store.h"
#include "workflow/model.h"

namespace stroem::server {

struct ServerContext {
  ServerContext(ServerConfig c, const Clock& clk)
      : config(std::move(c)), clock(clk), logs(config.log_dir) {}

  ServerConfig config;
  const Clock& clock;
  std::unique_ptr<storage::Store> store;
  LogStore logs;
  Metrics metrics;
  WakeupSignal steps_ready;   // a step became claimable
  WakeupSignal log_activity;  // a log chunk was stored or a job finished
  std::string worker_token;
  std::atomic<bool> workspace_loaded{false};

  // Claim times of running attempts, for the step duration histogram.
  void AttemptClaimed(const std::string& attempt) {
    std::lock_guard lock(attempts_mu_);
    // Attempts lost with their worker never finish here: bound the map.
    if (attempt_claimed_.size() >= 100'000) attempt_claimed_.clear();
    attempt_claimed_[attempt] = std::chrono::steady_clock::now();
  }
  void AttemptFinished(const std::optional<std::string>& attempt) {
    if (!attempt) return;
    std::lock_guard lock(attempts_mu_);
    auto it = attempt_claimed_.find(*attempt);
    if (it == attempt_claimed_.end()) return;
    metrics.step_duration.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second).count());
    attempt_claimed_.erase(it);
  }

  // The loaded workspace; replaced whole on reload, so readers keep a snapshot.
  std::shared_ptr<const workflow::Workspace> workspace() const {
    std::lock_guard lock(workspace_mu_);
    return workspace_;
  }
  void set_workspace(std::shared_ptr<const workflow::Workspace> ws) {
    std::lock_guard lock(workspace_mu_);
    workspace_ = std::move(ws);
  }

 private:
  std::mutex attempts_mu_;
  std::map<std::string, std::chrono::steady_clock::time_point>
      attempt_claimed_;  // guarded by attempts_mu_
  mutable std::mutex workspace_mu_;
  std::shared_ptr<const workflow::Workspace> workspace_;  // guarded by workspace_mu_
};

}  // namespace stroem::server
