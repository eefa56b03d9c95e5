// Clock: the one source of "now". Leases, heartbeats, timeouts and the scheduler
// take a Clock so tests move time by hand instead of sleeping.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace stroem {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  static SystemClock& Instance();
};

// A clock tests set and advance by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::seconds{1'700'000'000}})
      : now_(start) {}
  TimePoint Now() const override;
  void Advance(std::chrono::microseconds delta);
  void Set(TimePoint t);

 private:
  mutable std::mutex mu_;
  TimePoint now_;  // guarded by mu_
};

// RFC 3339 in UTC with microseconds: 2026-11-27T10:00:00.123456Z
std::string FormatRfc3339(TimePoint t);

}  // namespace stroem
