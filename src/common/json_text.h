// Writing JSON strings by hand, for the hot paths (every log line is written
// by the worker, stored and served by the server): no DOM, no allocations per
// field.
#pragma once

#include <string>
#include <string_view>

namespace stroem {

// Appends `s` as a JSON string: escaped, in quotes when `quotes`. `s` must be
// valid UTF-8 (bytes >= 0x80 are copied as they are).
void AppendJsonString(std::string& out, std::string_view s, bool quotes = true);

}  // namespace stroem
