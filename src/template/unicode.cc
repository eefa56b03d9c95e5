#include "template/internal/unicode.h"

#include <locale.h>
#include <wctype.h>

namespace stroem::tmpl::internal {
namespace {

// Decodes the code point at s[i], advancing i. Invalid sequences yield the
// single byte as a code point >= 0x110000 so it is re-emitted verbatim.
uint32_t Decode(std::string_view s, size_t& i) {
  unsigned char lead = s[i];
  size_t len = Utf8SequenceLength(lead);
  if (len == 1 || i + len > s.size()) {
    ++i;
    return lead < 0x80 ? lead : 0x110000 + lead;
  }
  uint32_t cp = lead & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    unsigned char c = s[i + k];
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0x110000 + lead;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

void Emit(uint32_t cp, std::string& out) {
  if (cp >= 0x110000) {
    out += static_cast<char>(cp - 0x110000);
  } else {
    AppendUtf8(cp, out);
  }
}

// A C.UTF-8 locale for towupper_l/towlower_l; null when unavailable (then ASCII only).
locale_t Utf8Locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

uint32_t MapOne(uint32_t cp, Case to) {
  if (cp >= 0x110000) return cp;
  if (cp < 0x80 || Utf8Locale() == static_cast<locale_t>(0)) {
    if (to == Case::kUpper && cp >= 'a' && cp <= 'z') return cp - 32;
    if (to == Case::kLower && cp >= 'A' && cp <= 'Z') return cp + 32;
    return cp;
  }
  wint_t w = static_cast<wint_t>(cp);
  return to == Case::kUpper ? towupper_l(w, Utf8Locale()) : towlower_l(w, Utf8Locale());
}

bool IsSpace(uint32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r');
}

}  // namespace

size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0 && lead < 0xF0) return 3;
  if (lead >= 0xC2 && lead < 0xE0) return 2;
  return 1;
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    Decode(s, i);
    ++n;
  }
  return n;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string MapCase(std::string_view s, Case to) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) Emit(MapOne(Decode(s, i), to), out);
  return out;
}

std::string CapitalizeText(std::string_view s, Capitalize mode) {
  std::string out;
  out.reserve(s.size());
  bool word_start = true;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = Decode(s, i);
    Emit(MapOne(cp, word_start ? Case::kUpper : Case::kLower), out);
    word_start = mode == Capitalize::kWords && IsSpace(cp);
  }
  return out;
}

}  // namespace stroem::tmpl::internal
