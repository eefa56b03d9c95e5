// Interrupt: a one-way "stop now" flag that sleeping threads can wait on. Waits are for
// pacing (retry backoff, poll intervals), never for synchronising with another thread's
// work: every wait ends at once when the flag is raised. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace stroem::worker {

class Interrupt {
 public:
  void Raise() {
    {
      std::lock_guard lock(mu_);
      raised_.store(true);
    }
    cv_.notify_all();
  }
  bool raised() const { return raised_.load(); }
  // For libcurl's abort hook (RequestOptions::abort).
  const std::atomic<bool>* flag() const { return &raised_; }
  // Waits up to `d`; false when the flag is (or becomes) raised.
  bool WaitFor(std::chrono::milliseconds d) {
    std::unique_lock lock(mu_);
    return !cv_.wait_for(lock, d, [&] { return raised_.load(); });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> raised_{false};  // written under mu_ so waiters cannot miss it
};

// Exponential backoff between retries: initial, doubling, capped.
class Backoff {
 public:
  explicit Backoff(std::chrono::milliseconds initial = std::chrono::milliseconds(200),
                   std::chrono::milliseconds max = std::chrono::seconds(5))
      : initial_(initial), max_(max), next_(initial) {}
  std::chrono::milliseconds Next() {
    auto d = next_;
    next_ = std::min(max_, next_ * 2);
    return d;
  }
  void Reset() { next_ = initial_; }

 private:
  std::chrono::milliseconds initial_, max_, next_;
};

}  // namespace stroem::worker
