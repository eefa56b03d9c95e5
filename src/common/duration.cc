#include "common/duration.h"

#include <array>
#include <cstdint>

namespace stroem {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t ms;
};

// In the order parts must be written.
constexpr std::array<Unit, 4> kUnits{{{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};
constexpr std::int64_t kMaxMs = 10'000LL * 3'600'000;

// The index in kUnits of the unit `text` starts with, or -1. "ms" wins over "m".
int UnitAt(std::string_view text) {
  if (text.starts_with("ms")) return 3;
  for (int i = 0; i < 3; ++i)
    if (text.starts_with(kUnits[i].name)) return i;
  return -1;
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  std::int64_t total = 0;
  int last_unit = -1;
  if (text.empty()) return std::nullopt;
  while (!text.empty()) {
    std::int64_t number = 0;
    size_t digits = 0;
    for (; digits < text.size() && text[digits] >= '0' && text[digits] <= '9'; ++digits) {
      number = number * 10 + (text[digits] - '0');
      if (number > kMaxMs) return std::nullopt;
    }
    text.remove_prefix(digits);
    const int unit = UnitAt(text);
    if (digits == 0 || unit <= last_unit) return std::nullopt;  // also: no unit (-1)
    last_unit = unit;
    text.remove_prefix(kUnits[unit].name.size());
    total += number * kUnits[unit].ms;
    if (total > kMaxMs) return std::nullopt;
  }
  if (total == 0) return std::nullopt;
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  std::int64_t left = d.count();
  if (left <= 0) return "0s";
  std::string out;
  for (const Unit& unit : kUnits) {
    if (left < unit.ms) continue;
    out += std::to_string(left / unit.ms) + std::string(unit.name);
    left %= unit.ms;
  }
  return out;
}

}  // namespace stroem
