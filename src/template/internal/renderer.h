// Renders a Program against a context. One Renderer per Render call; the
// Program is only read, so many renderers may share it across threads.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "template/internal/ast.h"
#include "template/internal/value.h"
#include "template/template.h"

namespace stroem::tmpl::internal {

// Limits that keep hostile templates from running forever or exhausting memory.
inline constexpr size_t kMaxLoopIterations = 1'000'000;  // per render, all loops together
inline constexpr size_t kMaxOutputBytes = 64u << 20;
inline constexpr size_t kMaxStringBytes = 16u << 20;  // any string a filter or `~` builds
// A budget on total work: each expression evaluated costs kEvalCost, each byte
// of a computed string costs 1 (so at most 16M evaluations or 256 MiB built).
inline constexpr size_t kMaxWork = 256u << 20;
inline constexpr size_t kEvalCost = 16;

// An evaluation failure. `undefined` marks a missing variable, attribute or
// index, which `default`, `is defined` and conditions may absorb.
struct EvalError {
  TemplateError error;
  bool undefined = false;
};
using EvalResult = tl::expected<Value, EvalError>;
using RenderResult = tl::expected<void, TemplateError>;

class Renderer {
 public:
  Renderer(const Program& program, const boost::json::object& context, std::string& out)
      : program_(program), context_(context), out_(out) {}

  RenderResult Run() { return RenderBody(program_.body); }

 private:
  // A loop's variables; lives on the stack of RenderFor.
  struct Frame {
    const Node* node = nullptr;
    const boost::json::value* key = nullptr;
    const boost::json::value* value = nullptr;
    boost::json::value key_holder;  // an object key as a JSON string
    boost::json::value loop;        // the `loop` object
  };

  // Statements (renderer.cc).
  RenderResult RenderBody(const Body& body);
  RenderResult RenderOutput(const Node& node);
  RenderResult RenderIf(const Node& node);
  RenderResult RenderFor(const Node& node);
  RenderResult Iterate(const Node& node, const boost::json::value& seq, Frame& frame);
  RenderResult Bind(const Node& node, const boost::json::value& item, Frame& frame);
  RenderResult Append(std::string_view text, const Node& node);
  const boost::json::value* Lookup(std::string_view name) const;
  TemplateError AtStatement(EvalError e, Span span) const;

  // Expressions (evaluator.cc).
  EvalResult Eval(const Expr& e);
  EvalResult EvalVar(const Expr& e);
  EvalResult EvalAttr(const Expr& e);
  EvalResult EvalIndex(const Expr& e);
  EvalResult EvalBinary(const Expr& e);
  EvalResult EvalFilter(const Expr& e);
  EvalResult EvalDefault(const Expr& e);
  EvalResult EvalTest(const Expr& e);
  EvalResult EvalArray(const Expr& e);
  tl::expected<bool, EvalError> EvalBool(const Expr& e);
  EvalResult Checked(const Expr& e, boost::json::value v);
  tl::unexpected<EvalError> Fail(const Expr& e, std::string message, bool undefined = false) const;
  tl::unexpected<EvalError> Undefined(const Expr& e) const;

  const Program& program_;
  const boost::json::object& context_;
  std::string& out_;
  std::vector<const Frame*> frames_;  // innermost last
  size_t iterations_ = 0;
  size_t work_ = 0;  // see kMaxWork
};

}  // namespace stroem::tmpl::internal
