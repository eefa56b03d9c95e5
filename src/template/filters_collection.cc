// Filters over arrays and objects: length, join, first/last, keys/values.
#include <boost/json.hpp>

#include "template/internal/filters.h"
#include "template/internal/print.h"
#include "template/internal/unicode.h"

namespace stroem::tmpl::internal {

namespace json = boost::json;

FilterResult FilterLength(Value in, FilterArgs) {
  const json::value& v = in.get();
  if (v.is_string()) return Value::Own(static_cast<int64_t>(CountCodePoints(v.get_string())));
  if (v.is_array()) return Value::Own(static_cast<int64_t>(v.get_array().size()));
  if (v.is_object()) return Value::Own(static_cast<int64_t>(v.get_object().size()));
  return tl::unexpected(TypeMismatch("length", "a string, array or object", v));
}

FilterResult FilterJoin(Value in, FilterArgs args) {
  if (!in->is_array()) return tl::unexpected(TypeMismatch("join", "an array", in.get()));
  if (args[0] != nullptr && !args[0]->is_string()) {
    return tl::unexpected(TypeMismatch("join", "a string 'sep'", *args[0]));
  }
  std::string_view sep = args[0] != nullptr ? std::string_view(args[0]->get_string()) : "";
  std::string out;
  bool first = true;
  for (const json::value& item : in->get_array()) {
    if (!first) out += sep;
    first = false;
    PrintValue(item, out);
  }
  return Value::Own(json::string(out));
}

namespace {

// Element `pick(size)` of an array (null when empty), keeping references cheap.
template <typename Pick>
FilterResult Element(std::string_view filter, Value in, Pick pick) {
  if (!in->is_array()) return tl::unexpected(TypeMismatch(filter, "an array", in.get()));
  const json::array& a = in->get_array();
  if (a.empty()) return Value::Own(nullptr);
  const json::value& item = a[pick(a.size())];
  if (in.owned()) return Value::Own(item);
  return Value::Ref(item);
}

}  // namespace

FilterResult FilterFirst(Value in, FilterArgs) {
  return Element("first", std::move(in), [](size_t) { return size_t{0}; });
}

FilterResult FilterLast(Value in, FilterArgs) {
  return Element("last", std::move(in), [](size_t n) { return n - 1; });
}

FilterResult FilterKeys(Value in, FilterArgs) {
  if (!in->is_object()) return tl::unexpected(TypeMismatch("keys", "an object", in.get()));
  json::array keys;
  for (const auto& kv : in->get_object()) keys.emplace_back(json::string(kv.key()));
  return Value::Own(std::move(keys));
}

FilterResult FilterValues(Value in, FilterArgs) {
  if (!in->is_object()) return tl::unexpected(TypeMismatch("values", "an object", in.get()));
  json::array values;
  for (const auto& kv : in->get_object()) values.push_back(kv.value());
  return Value::Own(std::move(values));
}

}  // namespace stroem::tmpl::internal
