// Metrics in Prometheus text format (/metrics). Counters are atomics; the
// per-route request counts sit behind a mutex (a handful of routes).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace stroem::server {

// A fixed-bucket histogram of seconds.
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds{0.001, 0.005, 0.01, 0.05, 0.1, 0.5,
                                                  1,     5,     10,   60,   300, 3600};
  void Observe(double seconds);
  std::string Render(const std::string& name, const std::string& help) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micros_{0};
};

class Metrics {
 public:
  std::atomic<uint64_t> jobs_created{0};
  std::atomic<uint64_t> steps_started{0};   // claims
  std::atomic<uint64_t> steps_finished{0};  // results recorded
  std::atomic<uint64_t> log_bytes{0};
  Histogram claim_wait;     // seconds a claim request waited for a step
  Histogram step_duration;  // claim to result

  void CountRequest(const std::string& route, int status);
  void CountJobFinished(const std::string& status);
  // `jobs_by_status` comes from the database at scrape time.
  std::string Render(const std::map<std::string, int64_t>& jobs_by_status) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, uint64_t> jobs_finished_;             // guarded by mu_
};

}  // namespace stroem::server
