#include "common/utf8.h"

#include <cstdint>
#include <cstring>

namespace stroem {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool IsContinuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// Length of the valid sequence starting at s[i], or 0 when it is invalid. On invalid
// input `*consumed` is the length of the maximal invalid subpart (at least 1).
size_t ValidSequence(std::string_view s, size_t i, size_t* consumed) {
  auto c = static_cast<unsigned char>(s[i]);
  *consumed = 1;
  if (c < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // no overlongs
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if (i + k >= s.size()) return 0;
    auto b = static_cast<unsigned char>(s[i + k]);
    bool ok = k == 1 ? (b >= lo && b <= hi) : IsContinuation(b);
    if (!ok) return 0;
    *consumed = k + 1;
  }
  return len;
}

size_t FirstInvalid(std::string_view s) {
  size_t i = 0, consumed;
  while (i < s.size()) {
    // ASCII runs dominate real output; skip them without the decoder, 8 bytes at a time.
    uint64_t word;
    if (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), !(word & 0x8080808080808080u))) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = ValidSequence(s, i, &consumed);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace

std::string SanitizeUtf8(std::string bytes) {
  size_t bad = FirstInvalid(bytes);
  if (bad == std::string_view::npos) return bytes;
  std::string_view s(bytes);
  std::string out(s.substr(0, bad));
  size_t i = bad, consumed;
  while (i < s.size()) {
    size_t n = ValidSequence(s, i, &consumed);
    if (n == 0) {
      out.append(kReplacement);
      i += consumed;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool IsWellFormedUtf8(std::string_view text) {
  return FirstInvalid(text) == std::string_view::npos;
}

size_t Utf8SafeCut(std::string_view text, size_t limit) {
  for (size_t cut = limit; cut + 3 >= limit && cut > 0; --cut) {
    if (!IsContinuation(static_cast<unsigned char>(text[cut]))) return cut;
  }
  return limit;
}

}  // namespace stroem
