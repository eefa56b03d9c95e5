#include "template/internal/print.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace stroem::tmpl::internal {

namespace json = boost::json;

namespace {

template <typename Int>
void AppendInt(Int v, std::string& out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Lays out `digits` (no leading zeros) times 10^k the way Rust's ryu does.
void LayOut(std::string_view digits, int k, std::string& out) {
  int n = static_cast<int>(digits.size());
  int kk = n + k;  // position of the decimal point relative to the first digit
  if (k >= 0 && kk <= 16) {
    out += digits;
    out.append(k, '0');
    out += ".0";
  } else if (kk > 0 && kk <= 16) {
    out += digits.substr(0, kk);
    out += '.';
    out += digits.substr(kk);
  } else if (kk > -5 && kk <= 0) {
    out += "0.";
    out.append(-kk, '0');
    out += digits;
  } else {
    out += digits[0];
    if (n > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    AppendInt(kk - 1, out);
  }
}

}  // namespace

void AppendDouble(double d, std::string& out) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  if (std::signbit(d)) out += '-';
  d = std::fabs(d);
  if (d == 0) {
    out += "0.0";
    return;
  }
  // Shortest round-trip digits in the form "d.ddde±XX".
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, r.ptr - buf);
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  LayOut(digits, exponent - static_cast<int>(digits.size()) + 1, out);
}

void PrintValue(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null:
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      AppendInt(v.get_int64(), out);
      return;
    case json::kind::uint64:
      AppendInt(v.get_uint64(), out);
      return;
    case json::kind::double_:
      AppendDouble(v.get_double(), out);
      return;
    case json::kind::string:
      out += std::string_view(v.get_string());
      return;
    case json::kind::object:
      out += "[object]";
      return;
    case json::kind::array:
      break;
  }
  out += '[';
  bool first = true;
  for (const json::value& item : v.get_array()) {
    if (!first) out += ", ";
    first = false;
    PrintValue(item, out);
  }
  out += ']';
}

}  // namespace stroem::tmpl::internal
