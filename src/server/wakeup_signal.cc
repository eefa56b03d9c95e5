#include "server/wakeup_signal.h"

#include <vector>

namespace stroem::server {

uint64_t WakeupSignal::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

void WakeupSignal::Notify() {
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lock(mu_);
    ++generation_;
    wake.reserve(waiters_.size());
    for (auto& [id, fn] : waiters_) wake.push_back(fn);
  }
  for (auto& fn : wake) fn();
}

uint64_t WakeupSignal::Register(uint64_t seen, std::function<void()> wake) {
  std::lock_guard lock(mu_);
  if (generation_ != seen) return 0;
  uint64_t id = next_id_++;
  waiters_.emplace(id, std::move(wake));
  return id;
}

void WakeupSignal::Unregister(uint64_t id) {
  std::lock_guard lock(mu_);
  waiters_.erase(id);
}

}  // namespace stroem::server
