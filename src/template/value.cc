#include "template/internal/value.h"

#include <boost/json.hpp>
#include <limits>

namespace stroem::tmpl::internal {

namespace json = boost::json;

bool Truthy(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return false;
    case json::kind::bool_:
      return v.get_bool();
    case json::kind::int64:
      return v.get_int64() != 0;
    case json::kind::uint64:
      return v.get_uint64() != 0;
    case json::kind::double_:
      return v.get_double() != 0.0;
    case json::kind::string:
      return !v.get_string().empty();
    case json::kind::array:
      return !v.get_array().empty();
    case json::kind::object:
      return !v.get_object().empty();
  }
  return false;
}

const char* TypeName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "float";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "value";
}

bool ToNumber(const json::value& v, Number& out) {
  switch (v.kind()) {
    case json::kind::int64:
      out = Number{true, v.get_int64(), 0};
      return true;
    case json::kind::uint64:
      if (v.get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        out = Number{true, static_cast<int64_t>(v.get_uint64()), 0};
      } else {
        out = Number{false, 0, static_cast<double>(v.get_uint64())};
      }
      return true;
    case json::kind::double_:
      out = Number{false, 0, v.get_double()};
      return true;
    default:
      return false;
  }
}

namespace {

bool EqualNumbers(const Number& a, const Number& b) {
  if (a.is_int && b.is_int) return a.i == b.i;
  return a.AsDouble() == b.AsDouble();
}

bool EqualArrays(const json::array& a, const json::array& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Equal(a[i], b[i])) return false;
  }
  return true;
}

bool EqualObjects(const json::object& a, const json::object& b) {
  if (a.size() != b.size()) return false;
  for (const auto& kv : a) {
    const json::value* other = b.if_contains(kv.key());
    if (other == nullptr || !Equal(kv.value(), *other)) return false;
  }
  return true;
}

}  // namespace

bool Equal(const json::value& a, const json::value& b) {
  Number na, nb;
  if (ToNumber(a, na) && ToNumber(b, nb)) return EqualNumbers(na, nb);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::array:
      return EqualArrays(a.get_array(), b.get_array());
    case json::kind::object:
      return EqualObjects(a.get_object(), b.get_object());
    default:
      return a == b;
  }
}

}  // namespace stroem::tmpl::internal
