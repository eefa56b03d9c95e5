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
#include "server/job_facts_cache.h"
#include "server/log_store.h"
#include "server/metrics.h"
#include "server/wakeup_signal.h"
#include "storage/store.h"
#include "workflow/model.h"

namespace stroem::server {

struct ServerContext {
  ServerContext(ServerConfig c, const Clock& clk)
      : config(std::move(c)), clock(clk), logs(config.log_dir) {}

  void StepsBecameReady(int count) {
    if (count <= 0) return;
    ready_hint += count;
    steps_ready.Notify();
  }

  ServerConfig config;
  const Clock& clock;
  std::unique_ptr<storage::Store> store;
  LogStore logs;
  Metrics metrics;
  JobFactsCache job_facts;    // claims' reads of recent jobs (input, task, workspace)
  WakeupSignal steps_ready;   // a step became claimable
  // Steps made claimable here since a claim last found none: lets a claim skip asking the
  // store for more steps when there cannot be any (a round trip on the dispatch path).
  // Starts high, as what the database holds at start is unknown. Steps made ready by
  // other servers are not counted: that costs batching (the worker claims again), never
  // a step.
  std::atomic<int64_t> ready_hint{int64_t{1} << 40};
  WakeupSignal log_activity;  // a log chunk was stored or a job finished
  std::string worker_token;
  std::atomic<bool> workspace_loaded{false};

  // Attempts this server handed out and that have not reported yet: the step
  // duration histogram, and a cache that spares log chunks a database read.
  void AttemptClaimed(const std::string& attempt, const std::string& job, const std::string& step) {
    std::lock_guard lock(attempts_mu_);
    // Attempts lost with their worker never finish here: bound the map.
    if (attempts_.size() >= 100'000) attempts_.clear();
    auto now = std::chrono::steady_clock::now();
    attempts_[attempt] = LiveAttempt{job, step, now, now};
  }
  void AttemptFinished(const std::optional<std::string>& attempt) {
    if (!attempt) return;
    std::lock_guard lock(attempts_mu_);
    auto it = attempts_.find(*attempt);
    if (it == attempts_.end()) return;
    metrics.step_duration.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.claimed_at).count());
    attempts_.erase(it);
  }
  // True when `attempt` of (job, step) was confirmed current within the last
  // second; a lease expiry is thus noticed within a second.
  bool AttemptRecentlyConfirmed(const std::string& attempt, const std::string& job, const std::string& step) {
    std::lock_guard lock(attempts_mu_);
    auto it = attempts_.find(attempt);
    return it != attempts_.end() && it->second.job == job && it->second.step == step &&
           std::chrono::steady_clock::now() - it->second.confirmed_at < std::chrono::seconds(1);
  }
  void AttemptConfirmed(const std::string& attempt, const std::string& job, const std::string& step) {
    std::lock_guard lock(attempts_mu_);
    auto it = attempts_.find(attempt);
    if (it == attempts_.end()) {
      if (attempts_.size() >= 100'000) attempts_.clear();
      auto now = std::chrono::steady_clock::now();
      attempts_[attempt] = LiveAttempt{job, step, now, now};
    } else {
      it->second.confirmed_at = std::chrono::steady_clock::now();
    }
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
  struct LiveAttempt {
    std::string job, step;
    std::chrono::steady_clock::time_point claimed_at, confirmed_at;
  };
  std::map<std::string, LiveAttempt> attempts_;  // guarded by attempts_mu_
  mutable std::mutex workspace_mu_;
  std::shared_ptr<const workflow::Workspace> workspace_;  // guarded by workspace_mu_
};

}  // namespace stroem::server
