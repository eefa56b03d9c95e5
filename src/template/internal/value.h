// A value during rendering: either a reference into the context (no copy) or
// an owned JSON value computed by an operator, literal or filter.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace stroem::tmpl::internal {

class Value {
 public:
  Value() = default;
  static Value Ref(const boost::json::value& v) {
    Value r;
    r.ref_ = &v;
    return r;
  }
  static Value Own(boost::json::value v) {
    Value r;
    r.owned_ = std::move(v);
    return r;
  }

  const boost::json::value& get() const { return ref_ ? *ref_ : owned_; }
  const boost::json::value* operator->() const { return &get(); }
  bool owned() const { return ref_ == nullptr; }
  // The value itself, copied only when it is a reference.
  boost::json::value Take() && { return ref_ ? *ref_ : std::move(owned_); }

 private:
  const boost::json::value* ref_ = nullptr;
  boost::json::value owned_;
};

// Jinja truthiness: false, null, 0, 0.0, "", [] and {} are false.
bool Truthy(const boost::json::value& v);

// "string", "integer", "float", "boolean", "null", "array" or "object".
const char* TypeName(const boost::json::value& v);

// A number widened for arithmetic: integers stay exact when they fit int64.
struct Number {
  bool is_int = true;
  int64_t i = 0;
  double d = 0;
  double AsDouble() const { return is_int ? static_cast<double>(i) : d; }
};
bool ToNumber(const boost::json::value& v, Number& out);  // false when not a number

// Deep equality with 1 == 1.0.
bool Equal(const boost::json::value& a, const boost::json::value& b);

}  // namespace stroem::tmpl::internal
