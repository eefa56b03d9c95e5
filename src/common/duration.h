// Durations as users write them in YAML and read them in messages: `500ms`, `30s`, `5m`,
// `1h30m`, `2h`. Used for `timeout` on actions, flow steps and tasks.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace stroem {

// Parses one or more <digits><unit> parts with units h, m, s, ms, each at most once and
// in that order (`1h30m`, `2m30s`, `1s500ms`). nullopt for anything else: no unit, a
// sign, spaces, fractions, a zero total, or more than 10 000 hours.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

// The shortest text ParseDuration reads back as `d`: 90000ms -> "1m30s", 500ms -> "500ms",
// 0 -> "0s".
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace stroem
