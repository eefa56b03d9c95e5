// WakeupSignal: tells waiting requests that something happened (a step became
// ready, a log line arrived, a job finished). A waiter remembers generation()
// before it looks for work, then waits only if nothing happened since, so a
// notification between the look and the wait is never missed.
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace stroem::server {

class WakeupSignal {
 public:
  uint64_t generation() const;
  // Bumps the generation and calls every registered waiter (their callbacks
  // must be cheap and thread-safe: they post to an I/O executor).
  void Notify();
  // Registers `wake` unless the generation moved past `seen`; returns 0 then
  // (the caller should not wait), otherwise an id for Unregister.
  uint64_t Register(uint64_t seen, std::function<void()> wake);
  void Unregister(uint64_t id);

 private:
  mutable std::mutex mu_;
  uint64_t generation_ = 0;                            // guarded by mu_
  uint64_t next_id_ = 1;                               // guarded by mu_
  std::map<uint64_t, std::function<void()>> waiters_;  // guarded by mu_
};

}  // namespace stroem::server
