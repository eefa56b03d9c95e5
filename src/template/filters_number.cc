// Numeric filters: int, float, abs, round.
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "template/internal/filters.h"

namespace stroem::tmpl::internal {
namespace {

namespace json = boost::json;

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || (s.front() >= '\t' && s.front() <= '\r')))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || (s.back() >= '\t' && s.back() <= '\r')))
    s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int64_t& out) {
  if (s.starts_with('+')) s.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
}

bool ParseDouble(std::string_view s, double& out) {
  std::string text(s);
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(out);
}

bool DoubleToInt(double d, int64_t& out) {
  // [-2^63, 2^63) exactly: both bounds are representable doubles. Also rejects NaN.
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return false;
  out = static_cast<int64_t>(d);
  return true;
}

bool ToInt(const json::value& v, int64_t& out) {
  Number n;
  if (ToNumber(v, n)) return n.is_int ? (out = n.i, true) : DoubleToInt(n.d, out);
  if (v.is_bool()) return (out = v.get_bool() ? 1 : 0, true);
  if (!v.is_string()) return false;
  std::string_view s = Trimmed(v.get_string());
  double d;
  return ParseInt(s, out) || (ParseDouble(s, d) && DoubleToInt(d, out));
}

bool ToDouble(const json::value& v, double& out) {
  Number n;
  if (ToNumber(v, n)) return (out = n.AsDouble(), true);
  if (v.is_bool()) return (out = v.get_bool() ? 1.0 : 0.0, true);
  return v.is_string() && ParseDouble(Trimmed(v.get_string()), out);
}

}  // namespace

// Like Jinja and Tera, a value that does not convert gives `default` (0).
FilterResult FilterInt(Value in, FilterArgs args) {
  int64_t i;
  if (ToInt(in.get(), i)) return Value::Own(i);
  if (args[0] != nullptr) return Value::Own(*args[0]);
  return Value::Own(int64_t{0});
}

FilterResult FilterFloat(Value in, FilterArgs args) {
  double d;
  if (ToDouble(in.get(), d)) return Value::Own(d);
  if (args[0] != nullptr) return Value::Own(*args[0]);
  return Value::Own(0.0);
}

FilterResult FilterAbs(Value in, FilterArgs) {
  Number n;
  if (!ToNumber(in.get(), n)) return tl::unexpected(TypeMismatch("abs", "a number", in.get()));
  if (!n.is_int) return Value::Own(std::fabs(n.d));
  if (n.i == std::numeric_limits<int64_t>::min())
    return tl::unexpected(std::string("integer overflow"));
  return Value::Own(n.i < 0 ? -n.i : n.i);
}

FilterResult FilterRound(Value in, FilterArgs args) {
  Number n;
  if (!ToNumber(in.get(), n)) return tl::unexpected(TypeMismatch("round", "a number", in.get()));
  int64_t precision = 0;
  if (args[0] != nullptr &&
      (!args[0]->is_int64() || (precision = args[0]->get_int64()) < 0 || precision > 15)) {
    return tl::unexpected(std::string("filter 'round' expects 'precision' between 0 and 15"));
  }
  std::string_view method = "common";
  if (args[1] != nullptr && args[1]->is_string()) method = args[1]->get_string();
  double scale = std::pow(10.0, static_cast<double>(precision));
  double x = n.AsDouble() * scale;
  if (method == "common")
    x = std::round(x);
  else if (method == "ceil")
    x = std::ceil(x);
  else if (method == "floor")
    x = std::floor(x);
  else
    return tl::unexpected(std::string("filter 'round' expects 'method' common, ceil or floor"));
  double r = x / scale;
  if (!std::isfinite(r)) return tl::unexpected(std::string("number out of range"));
  return Value::Own(r);
}

}  // namespace stroem::tmpl::internal
