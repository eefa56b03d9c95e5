#include "template/internal/operators.h"

#include <boost/json.hpp>
#include <cmath>
#include <limits>

namespace stroem::tmpl::internal {
namespace {

namespace json = boost::json;

const char* OpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kLe:
      return "<=";
    default:
      return ">=";
  }
}

OpResult Finite(double d) {
  if (!std::isfinite(d)) return tl::unexpected(std::string("number out of range"));
  return json::value(d);
}

OpResult Overflow() {
  return tl::unexpected(std::string("integer overflow"));
}

OpResult IntArithmetic(BinaryOp op, int64_t a, int64_t b) {
  int64_t r = 0;
  switch (op) {
    case BinaryOp::kAdd:
      if (__builtin_add_overflow(a, b, &r)) return Overflow();
      return json::value(r);
    case BinaryOp::kSub:
      if (__builtin_sub_overflow(a, b, &r)) return Overflow();
      return json::value(r);
    case BinaryOp::kMul:
      if (__builtin_mul_overflow(a, b, &r)) return Overflow();
      return json::value(r);
    default:
      break;
  }
  if (b == 0) return tl::unexpected(std::string("division by zero"));
  if (a == std::numeric_limits<int64_t>::min() && b == -1) return Overflow();
  if (op == BinaryOp::kMod) return json::value(a % b);
  if (a % b == 0) return json::value(a / b);
  return Finite(static_cast<double>(a) / static_cast<double>(b));
}

OpResult FloatArithmetic(BinaryOp op, double a, double b) {
  switch (op) {
    case BinaryOp::kAdd:
      return Finite(a + b);
    case BinaryOp::kSub:
      return Finite(a - b);
    case BinaryOp::kMul:
      return Finite(a * b);
    default:
      break;
  }
  if (b == 0) return tl::unexpected(std::string("division by zero"));
  return Finite(op == BinaryOp::kDiv ? a / b : std::fmod(a, b));
}

std::string Mismatch(BinaryOp op, const json::value& a, const json::value& b) {
  return std::string("cannot apply '") + OpText(op) + "' to " + TypeName(a) + " and " + TypeName(b);
}

}  // namespace

OpResult Arithmetic(BinaryOp op, const json::value& a, const json::value& b) {
  Number na, nb;
  if (ToNumber(a, na) && ToNumber(b, nb)) {
    if (na.is_int && nb.is_int) return IntArithmetic(op, na.i, nb.i);
    return FloatArithmetic(op, na.AsDouble(), nb.AsDouble());
  }
  if (op == BinaryOp::kAdd && a.is_string() && b.is_string()) {
    json::string s = a.get_string();
    s.append(b.get_string());
    return json::value(std::move(s));
  }
  if (op == BinaryOp::kAdd && a.is_array() && b.is_array()) {
    json::array r = a.get_array();
    r.insert(r.end(), b.get_array().begin(), b.get_array().end());
    return json::value(std::move(r));
  }
  return tl::unexpected(Mismatch(op, a, b));
}

tl::expected<bool, std::string> Compare(BinaryOp op, const json::value& a, const json::value& b) {
  if (op == BinaryOp::kEq) return Equal(a, b);
  if (op == BinaryOp::kNe) return !Equal(a, b);
  int order;
  Number na, nb;
  if (ToNumber(a, na) && ToNumber(b, nb)) {
    if (na.is_int && nb.is_int) {
      order = na.i < nb.i ? -1 : na.i > nb.i ? 1 : 0;
    } else {
      double x = na.AsDouble(), y = nb.AsDouble();
      order = x < y ? -1 : x > y ? 1 : 0;
    }
  } else if (a.is_string() && b.is_string()) {
    int c = std::string_view(a.get_string()).compare(std::string_view(b.get_string()));
    order = c < 0 ? -1 : c > 0 ? 1 : 0;
  } else {
    return tl::unexpected(std::string("cannot compare ") + TypeName(a) + " and " + TypeName(b) +
                          " with '" + OpText(op) + "'");
  }
  switch (op) {
    case BinaryOp::kLt:
      return order < 0;
    case BinaryOp::kGt:
      return order > 0;
    case BinaryOp::kLe:
      return order <= 0;
    default:
      return order >= 0;
  }
}

tl::expected<bool, std::string> Contains(const json::value& container, const json::value& item) {
  if (container.is_array()) {
    for (const json::value& v : container.get_array()) {
      if (Equal(v, item)) return true;
    }
    return false;
  }
  if ((container.is_string() || container.is_object()) && !item.is_string()) {
    return tl::unexpected(std::string("'in' needs a string on the left when the right is ") +
                          (container.is_string() ? "a string" : "an object") + ", got " +
                          TypeName(item));
  }
  if (container.is_string()) {
    return std::string_view(container.get_string()).find(std::string_view(item.get_string())) !=
           std::string_view::npos;
  }
  if (container.is_object()) return container.get_object().contains(item.get_string());
  return tl::unexpected(std::string("'in' needs a string, array or object on the right, got ") +
                        TypeName(container));
}

OpResult Negate(const json::value& v) {
  Number n;
  if (!ToNumber(v, n)) return tl::unexpected(std::string("cannot negate ") + TypeName(v));
  if (!n.is_int) return json::value(-n.d);
  if (n.i == std::numeric_limits<int64_t>::min()) return Overflow();
  return json::value(-n.i);
}

}  // namespace stroem::tmpl::internal
