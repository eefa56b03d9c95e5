// UTF-8 checks for step output: process output is bytes, log lines are text. Used by the
// runner on captured output and by the server on compact log chunks (which are bytes too).
#pragma once

#include <string>
#include <string_view>

namespace stroem {

// `bytes` with every invalid or truncated UTF-8 sequence (overlongs, surrogates, values
// above U+10FFFF included) replaced by U+FFFD, one replacement per maximal invalid
// subpart as the Unicode standard recommends. Valid input is returned unchanged.
std::string SanitizeUtf8(std::string bytes);

// True when `text` is well-formed UTF-8 (SanitizeUtf8 would return it unchanged). ASCII runs
// are checked 8 bytes at a time.
bool IsWellFormedUtf8(std::string_view text);

// The largest cut <= `limit` that does not fall inside a multi-byte sequence of `text`
// (text.size() > limit). Backs up at most 3 bytes; cuts at `limit` when the bytes there
// are not a well-formed sequence anyway.
size_t Utf8SafeCut(std::string_view text, size_t limit);

}  // namespace stroem
