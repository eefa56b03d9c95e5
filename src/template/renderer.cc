#include "template/internal/renderer.h"

#include <boost/json.hpp>

#include "template/internal/print.h"

namespace stroem::tmpl::internal {

namespace json = boost::json;

RenderResult Renderer::RenderBody(const Body& body) {
  for (const Node& node : body) {
    RenderResult ok;
    switch (node.kind) {
      case NodeKind::kText:
        ok = Append(node.span.In(program_.source), node);
        break;
      case NodeKind::kOutput:
        ok = RenderOutput(node);
        break;
      case NodeKind::kIf:
        ok = RenderIf(node);
        break;
      case NodeKind::kFor:
        ok = RenderFor(node);
        break;
    }
    if (!ok) return ok;
  }
  return {};
}

RenderResult Renderer::Append(std::string_view text, const Node& node) {
  out_ += text;
  if (out_.size() <= kMaxOutputBytes) return {};
  return tl::unexpected(
      TemplateError{"output too large (more than 64 MiB)", node.pos.line, node.pos.col, ""});
}

TemplateError Renderer::AtStatement(EvalError e, Span span) const {
  if (e.error.expr.empty()) e.error.expr = Excerpt(span.In(program_.source));
  return std::move(e.error);
}

RenderResult Renderer::RenderOutput(const Node& node) {
  auto v = Eval(*node.expr);
  if (!v) return tl::unexpected(AtStatement(std::move(v.error()), node.span));
  size_t before = out_.size();
  PrintValue(v->get(), out_);
  if (out_.size() <= kMaxOutputBytes || out_.size() == before) return {};
  return Append("", node);
}

RenderResult Renderer::RenderIf(const Node& node) {
  for (const Branch& branch : node.branches) {
    auto cond = EvalBool(*branch.cond);
    if (!cond) return tl::unexpected(AtStatement(std::move(cond.error()), branch.cond_span));
    if (*cond) return RenderBody(branch.body);
  }
  return RenderBody(node.else_body);
}

RenderResult Renderer::RenderFor(const Node& node) {
  auto seq = Eval(*node.expr);
  if (!seq) return tl::unexpected(AtStatement(std::move(seq.error()), node.span));
  const json::value& v = seq->get();
  size_t length = v.is_array() ? v.get_array().size() : v.is_object() ? v.get_object().size() : 0;
  if (!v.is_array() && !v.is_object()) {
    auto e = Fail(*node.expr, std::string("cannot iterate over ") + TypeName(v));
    return tl::unexpected(AtStatement(std::move(e.value()), node.span));
  }
  if (length == 0) return RenderBody(node.else_body);
  Frame frame;
  frame.node = &node;
  frame.loop = json::object{{"index", 1},    {"index0", 0},      {"first", true},
                            {"last", false}, {"length", length}, {"revindex", length}};
  frames_.push_back(&frame);
  auto ok = Iterate(node, v, frame);
  frames_.pop_back();
  return ok;
}

RenderResult Renderer::Iterate(const Node& node, const json::value& seq, Frame& frame) {
  json::object& loop = frame.loop.get_object();
  json::value* index = &loop["index"];
  json::value* index0 = &loop["index0"];
  json::value* first = &loop["first"];
  json::value* last = &loop["last"];
  json::value* revindex = &loop["revindex"];
  size_t length = seq.is_array() ? seq.get_array().size() : seq.get_object().size();
  size_t i = 0;
  auto step = [&](const json::value* key, const json::value& item) -> RenderResult {
    if (++iterations_ > kMaxLoopIterations) {
      return tl::unexpected(TemplateError{"too many loop iterations (more than 1000000)",
                                          node.pos.line, node.pos.col,
                                          Excerpt(node.span.In(program_.source))});
    }
    *index = i + 1;
    *index0 = i;
    *first = i == 0;
    *last = i + 1 == length;
    *revindex = length - i;
    ++i;
    if (key != nullptr) {
      frame.key_holder = *key;
      frame.key = &frame.key_holder;
      frame.value = &item;
      if (node.key_var.empty()) frame.value = &frame.key_holder;  // `for k in object`
    } else {
      auto ok = Bind(node, item, frame);
      if (!ok) return ok;
    }
    return RenderBody(node.body);
  };
  if (seq.is_array()) {
    for (const json::value& item : seq.get_array()) {
      auto ok = step(nullptr, item);
      if (!ok) return ok;
    }
    return {};
  }
  for (const auto& kv : seq.get_object()) {
    json::value key = json::string(kv.key());
    auto ok = step(&key, kv.value());
    if (!ok) return ok;
  }
  return {};
}

// Binds one array element: to the loop variable, or unpacked from a [k, v] pair.
RenderResult Renderer::Bind(const Node& node, const json::value& item, Frame& frame) {
  if (node.key_var.empty()) {
    frame.value = &item;
    return {};
  }
  if (!item.is_array() || item.get_array().size() != 2) {
    auto e =
        Fail(*node.expr, std::string("cannot unpack ") + TypeName(item) + " into '" + node.key_var +
                             ", " + node.value_var + "' (needs [key, value] pairs)");
    return tl::unexpected(AtStatement(std::move(e.value()), node.span));
  }
  frame.key = &item.get_array()[0];
  frame.value = &item.get_array()[1];
  return {};
}

const json::value* Renderer::Lookup(std::string_view name) const {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    const Frame& f = **it;
    if (name == f.node->value_var) return f.value;
    if (name == f.node->key_var) return f.key;
    if (name == "loop") return &f.loop;
  }
  return context_.if_contains(name);
}

}  // namespace stroem::tmpl::internal
