// Expression evaluation for the Renderer. Lookups return references into the
// context; only computed values are owned.
#include <array>
#include <boost/json.hpp>

#include "template/internal/filters.h"
#include "template/internal/operators.h"
#include "template/internal/print.h"
#include "template/internal/renderer.h"

namespace stroem::tmpl::internal {

namespace json = boost::json;

tl::unexpected<EvalError> Renderer::Fail(const Expr& e, std::string message, bool undefined) const {
  return tl::unexpected(
      EvalError{TemplateError{std::move(message), e.pos.line, e.pos.col, ""}, undefined});
}

tl::unexpected<EvalError> Renderer::Undefined(const Expr& e) const {
  return Fail(e, "undefined variable '" + Excerpt(e.span.In(program_.source)) + "'", true);
}

// Wraps a computed value, refusing strings beyond kMaxStringBytes.
EvalResult Renderer::Checked(const Expr& e, json::value v) {
  if (v.is_string() && v.get_string().size() > kMaxStringBytes) {
    return Fail(e, "value too large (more than 16 MiB)");
  }
  if (v.is_string()) work_ += v.get_string().size();
  return Value::Own(std::move(v));
}

EvalResult Renderer::Eval(const Expr& e) {
  work_ += kEvalCost;
  if (work_ > kMaxWork) return Fail(e, "template too expensive to render (work limit reached)");
  switch (e.kind) {
    case ExprKind::kLiteral:
      return Value::Ref(e.literal);
    case ExprKind::kArray:
      return EvalArray(e);
    case ExprKind::kVar:
      return EvalVar(e);
    case ExprKind::kAttr:
      return EvalAttr(e);
    case ExprKind::kIndex:
      return EvalIndex(e);
    case ExprKind::kBinary:
      return EvalBinary(e);
    case ExprKind::kFilter:
      return EvalFilter(e);
    case ExprKind::kTest:
      return EvalTest(e);
    case ExprKind::kNot: {
      auto b = EvalBool(*e.children[0]);
      if (!b) return tl::unexpected(std::move(b.error()));
      return Value::Own(!*b);
    }
    case ExprKind::kNeg: {
      auto v = Eval(*e.children[0]);
      if (!v) return v;
      auto r = Negate(v->get());
      if (!r) return Fail(e, std::move(r.error()));
      return Value::Own(std::move(*r));
    }
  }
  return Fail(e, "unknown expression");
}

EvalResult Renderer::EvalVar(const Expr& e) {
  const json::value* v = Lookup(e.name);
  if (v == nullptr) return Undefined(e);
  return Value::Ref(*v);
}

// A child of `parent`: a reference when the parent is one, else a copy.
static Value Child(const Value& parent, const json::value& child) {
  return parent.owned() ? Value::Own(child) : Value::Ref(child);
}

EvalResult Renderer::EvalAttr(const Expr& e) {
  auto parent = Eval(*e.children[0]);
  if (!parent) return parent;
  const json::object* obj = parent->get().if_object();
  const json::value* child = obj != nullptr ? obj->if_contains(e.name) : nullptr;
  if (child == nullptr) return Undefined(e);
  return Child(*parent, *child);
}

EvalResult Renderer::EvalIndex(const Expr& e) {
  auto parent = Eval(*e.children[0]);
  if (!parent) return parent;
  auto index = Eval(*e.children[1]);
  if (!index) return index;
  const json::value& p = parent->get();
  const json::value& i = index->get();
  if (p.is_object()) {
    if (!i.is_string())
      return Fail(e, std::string("object key must be a string, got ") + TypeName(i));
    const json::value* child = p.get_object().if_contains(i.get_string());
    if (child == nullptr) return Undefined(e);
    return Child(*parent, *child);
  }
  if (!p.is_array()) return Undefined(e);
  Number n;
  if (!ToNumber(i, n) || !n.is_int) {
    return Fail(e, std::string("array index must be an integer, got ") + TypeName(i));
  }
  const json::array& a = p.get_array();
  if (n.i < 0 || static_cast<uint64_t>(n.i) >= a.size()) {
    return Fail(e,
                "index " + std::to_string(n.i) + " out of range for array of length " +
                    std::to_string(a.size()),
                true);
  }
  return Child(*parent, a[n.i]);
}

EvalResult Renderer::EvalArray(const Expr& e) {
  json::array items;
  items.reserve(e.children.size());
  for (const ExprPtr& child : e.children) {
    auto v = Eval(*child);
    if (!v) return v;
    items.push_back(std::move(*v).Take());
  }
  return Value::Own(std::move(items));
}

tl::expected<bool, EvalError> Renderer::EvalBool(const Expr& e) {
  auto v = Eval(e);
  if (v) return Truthy(v->get());
  bool lookup = e.kind == ExprKind::kVar || e.kind == ExprKind::kAttr || e.kind == ExprKind::kIndex;
  if (lookup && v.error().undefined) return false;  // Tera and Jinja: undefined is falsy here
  return tl::unexpected(std::move(v.error()));
}

EvalResult Renderer::EvalBinary(const Expr& e) {
  const Expr& lhs = *e.children[0];
  const Expr& rhs = *e.children[1];
  if (e.op == BinaryOp::kAnd || e.op == BinaryOp::kOr) {
    auto l = EvalBool(lhs);
    if (!l) return tl::unexpected(std::move(l.error()));
    if (*l == (e.op == BinaryOp::kOr)) return Value::Own(*l);
    auto r = EvalBool(rhs);
    if (!r) return tl::unexpected(std::move(r.error()));
    return Value::Own(*r);
  }
  auto l = Eval(lhs);
  if (!l) return l;
  auto r = Eval(rhs);
  if (!r) return r;
  switch (e.op) {
    case BinaryOp::kConcat: {
      std::string s;
      PrintValue(l->get(), s);
      PrintValue(r->get(), s);
      return Checked(e, json::string(s));
    }
    case BinaryOp::kIn:
    case BinaryOp::kNotIn: {
      auto in = Contains(r->get(), l->get());
      if (!in) return Fail(e, std::move(in.error()));
      return Value::Own(*in == (e.op == BinaryOp::kIn));
    }
    case BinaryOp::kEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kGt:
    case BinaryOp::kLe:
    case BinaryOp::kGe: {
      auto c = Compare(e.op, l->get(), r->get());
      if (!c) return Fail(e, std::move(c.error()));
      return Value::Own(*c);
    }
    default: {
      auto v = Arithmetic(e.op, l->get(), r->get());
      if (!v) return Fail(e, std::move(v.error()));
      return Checked(e, std::move(*v));
    }
  }
}

EvalResult Renderer::EvalTest(const Expr& e) {
  auto v = Eval(*e.children[0]);
  bool result;
  if (v) {
    result = e.test == TestKind::kDefined || (e.test == TestKind::kNone && v->get().is_null());
  } else if (v.error().undefined && e.test != TestKind::kNone) {
    result = e.test == TestKind::kUndefined;
  } else {
    return v;
  }
  return Value::Own(result != e.negated);
}

// `default` catches an undefined input (anywhere in its lookup chain) and,
// with `boolean=true`, any falsy input too.
EvalResult Renderer::EvalDefault(const Expr& e) {
  auto in = Eval(*e.children[0]);
  if (!in && !in.error().undefined) return in;
  if (in && e.children[2] != nullptr) {
    auto boolean = Eval(*e.children[2]);
    if (!boolean) return boolean;
    if (!Truthy(boolean->get()) || Truthy(in->get())) return in;
  } else if (in) {
    return in;
  }
  if (e.children[1] == nullptr) return Value::Own(json::string());
  return Eval(*e.children[1]);
}

EvalResult Renderer::EvalFilter(const Expr& e) {
  if (e.filter->catches_undefined) return EvalDefault(e);
  auto in = Eval(*e.children[0]);
  if (!in) return in;
  constexpr size_t kMaxArgs = 4;
  std::array<Value, kMaxArgs> values;
  std::array<const json::value*, kMaxArgs> args{};
  size_t count = e.children.size() - 1;
  for (size_t i = 0; i < count && i < kMaxArgs; ++i) {
    if (!e.children[i + 1]) continue;
    auto v = Eval(*e.children[i + 1]);
    if (!v) return v;
    values[i] = std::move(*v);
    args[i] = &values[i].get();
  }
  auto out = e.filter->fn(std::move(*in), FilterArgs(args.data(), count));
  if (!out) return Fail(e, std::move(out.error()));
  if (!out->owned()) return std::move(*out);
  return Checked(e, std::move(*out).Take());
}

}  // namespace stroem::tmpl::internal
