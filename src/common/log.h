// The process's own log (not job logs): one line per event on stderr, as text
// (`2026-11-27T10:00:00.000000Z info listening on ...`) or JSON lines
// (`{"ts":...,"level":"info","msg":...}`). Thread-safe.
#pragma once

#include <string_view>

namespace stroem {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Sets the format ("text" or "json") and the lowest level printed.
void ConfigureLog(std::string_view format, std::string_view level);

void Log(LogLevel level, std::string_view message);
inline void LogInfo(std::string_view message) {
  Log(LogLevel::kInfo, message);
}
inline void LogWarn(std::string_view message) {
  Log(LogLevel::kWarn, message);
}
inline void LogError(std::string_view message) {
  Log(LogLevel::kError, message);
}

}  // namespace stroem
