#include "template/internal/lexer_scan.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "template/internal/unicode.h"

namespace stroem::tmpl::internal {
namespace {

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsIdentChar(char c) {
  return IsIdentStart(c) || IsDigit(c);
}

int HexDigit(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the escape after a backslash at s[i]; returns false for a bad `\u`.
bool DecodeEscape(std::string_view s, size_t& i, std::string& out) {
  char c = s[i];
  switch (c) {
    case 'n':
      out += '\n';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'r':
      out += '\r';
      return true;
    case '0':
      out += '\0';
      return true;
    case '\\':
    case '\'':
    case '"':
      out += c;
      return true;
    case 'u':
      break;
    default:
      out += '\\';
      out += c;
      return true;  // unknown escapes stay as written
  }
  uint32_t cp = 0;
  for (int k = 1; k <= 4; ++k) {
    int d = i + k < s.size() ? HexDigit(s[i + k]) : -1;
    if (d < 0) return false;
    cp = cp * 16 + d;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  AppendUtf8(cp, out);
  i += 4;
  return true;
}

constexpr std::string_view kTwoCharOps[] = {"==", "!=", "<=", ">="};
constexpr std::string_view kOneCharOps = "()[],.|=<>+-*/%~:";

}  // namespace

SourcePos Scanner::PosAt(size_t offset) {
  if (offset < cached_offset_) {
    cached_offset_ = 0;
    cached_pos_ = SourcePos{};
  }
  for (; cached_offset_ < offset && cached_offset_ < src_.size(); ++cached_offset_) {
    unsigned char c = src_[cached_offset_];
    if (c == '\n') {
      ++cached_pos_.line;
      cached_pos_.col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++cached_pos_.col;
    }
  }
  return cached_pos_;
}

tl::unexpected<TemplateError> Scanner::Error(size_t offset, std::string message) {
  SourcePos p = PosAt(offset);
  return tl::unexpected(TemplateError{std::move(message), p.line, p.col, ""});
}

Token Scanner::Make(Tok kind, size_t begin, size_t end) {
  Token t;
  t.kind = kind;
  t.pos = PosAt(begin);
  t.span = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
  return t;
}

tl::expected<Token, TemplateError> Scanner::Next(size_t i, bool after_dot) {
  char c = src_[i];
  if (IsIdentStart(c)) {
    size_t end = i;
    while (end < src_.size() && IsIdentChar(src_[end])) ++end;
    Token t = Make(Tok::kIdent, i, end);
    t.text = std::string(src_.substr(i, end - i));
    return t;
  }
  if (IsDigit(c)) return Number(i, after_dot);
  if (c == '"' || c == '\'') return String(i);
  return Punct(i);
}

tl::expected<Token, TemplateError> Scanner::Number(size_t i, bool after_dot) {
  size_t end = i;
  while (end < src_.size() && IsDigit(src_[end])) ++end;
  bool is_float = false;
  if (!after_dot && end + 1 < src_.size() && src_[end] == '.' && IsDigit(src_[end + 1])) {
    is_float = true;
    for (++end; end < src_.size() && IsDigit(src_[end]);) ++end;
  }
  if (!after_dot && end < src_.size() && (src_[end] == 'e' || src_[end] == 'E')) {
    size_t e = end + 1;
    if (e < src_.size() && (src_[e] == '+' || src_[e] == '-')) ++e;
    if (e < src_.size() && IsDigit(src_[e])) {
      is_float = true;
      for (end = e; end < src_.size() && IsDigit(src_[end]);) ++end;
    }
  }
  Token t = Make(is_float ? Tok::kFloat : Tok::kInt, i, end);
  std::string text(src_.substr(i, end - i));
  if (is_float) {
    t.float_value = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(t.float_value)) return Error(i, "number '" + text + "' out of range");
    return t;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), t.int_value);
  if (ec != std::errc()) return Error(i, "integer '" + text + "' out of range");
  return t;
}

tl::expected<Token, TemplateError> Scanner::String(size_t i) {
  char quote = src_[i];
  std::string value;
  for (size_t k = i + 1; k < src_.size(); ++k) {
    char c = src_[k];
    if (c == quote) {
      Token t = Make(Tok::kString, i, k + 1);
      t.text = std::move(value);
      return t;
    }
    if (c != '\\') {
      value += c;
      continue;
    }
    if (++k >= src_.size()) break;
    if (!DecodeEscape(src_, k, value)) return Error(k - 1, "invalid '\\u' escape in string");
  }
  return Error(i, "unterminated string");
}

tl::expected<Token, TemplateError> Scanner::Punct(size_t i) {
  std::string_view rest = src_.substr(i);
  for (std::string_view op : kTwoCharOps) {
    if (rest.starts_with(op)) {
      Token t = Make(Tok::kPunct, i, i + 2);
      t.text = std::string(op);
      return t;
    }
  }
  if (kOneCharOps.find(src_[i]) != std::string_view::npos) {
    Token t = Make(Tok::kPunct, i, i + 1);
    t.text = std::string(1, src_[i]);
    return t;
  }
  size_t len = Utf8SequenceLength(static_cast<unsigned char>(src_[i]));
  return Error(i, "unexpected character '" + std::string(src_.substr(i, len)) + "'");
}

}  // namespace stroem::tmpl::internal
