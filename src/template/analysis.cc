#include "template/internal/analysis.h"

#include <algorithm>

#include "template/internal/filters.h"

namespace stroem::tmpl::internal {
namespace {

// Walks expressions, collecting dotted paths rooted at non-local variables.
class PathCollector {
 public:
  explicit PathCollector(std::vector<std::string>& out) : out_(&out) {}

  void Redirect(std::vector<std::string>& out) { out_ = &out; }

  void Push(const Node& loop) {
    locals_.push_back(loop.value_var);
    if (!loop.key_var.empty()) locals_.push_back(loop.key_var);
    locals_.push_back("loop");
  }
  void Pop(const Node& loop) { locals_.resize(locals_.size() - (loop.key_var.empty() ? 2 : 3)); }

  void Expr(const internal::Expr& e) {
    if (e.kind == ExprKind::kVar || e.kind == ExprKind::kAttr || e.kind == ExprKind::kIndex) {
      Path(e);
      return;
    }
    for (const ExprPtr& child : e.children) {
      if (child) Expr(*child);
    }
  }

 private:
  // Reads a lookup chain from the outside in; a dynamic index cuts the path
  // there (its own expression is walked separately).
  void Path(const internal::Expr& e) {
    std::vector<std::string_view> segments;
    const internal::Expr* cur = &e;
    for (; cur->kind == ExprKind::kAttr || cur->kind == ExprKind::kIndex;
         cur = cur->children[0].get()) {
      if (cur->kind == ExprKind::kAttr) {
        segments.push_back(cur->name);
        continue;
      }
      const internal::Expr& index = *cur->children[1];
      if (index.kind == ExprKind::kLiteral && index.literal.is_string()) {
        segments.push_back(index.literal.get_string());
      } else {
        segments.clear();
        Expr(index);
      }
    }
    if (cur->kind != ExprKind::kVar) {
      Expr(*cur);
      return;
    }
    if (std::find(locals_.begin(), locals_.end(), cur->name) != locals_.end()) return;
    std::string path = cur->name;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
      path += '.';
      path += *it;
    }
    if (std::find(out_->begin(), out_->end(), path) == out_->end())
      out_->push_back(std::move(path));
  }

  std::vector<std::string>* out_;
  std::vector<std::string> locals_;
};

// Visits every node in source order, keeping loop scopes in the collector.
template <typename OnOutput>
void Walk(const Body& body, PathCollector& paths, OnOutput& on_output) {
  for (const Node& node : body) {
    switch (node.kind) {
      case NodeKind::kText:
        break;
      case NodeKind::kOutput:
        on_output(node, paths);
        break;
      case NodeKind::kIf:
        for (const Branch& b : node.branches) {
          paths.Expr(*b.cond);
          Walk(b.body, paths, on_output);
        }
        Walk(node.else_body, paths, on_output);
        break;
      case NodeKind::kFor:
        paths.Expr(*node.expr);
        paths.Push(node);
        Walk(node.body, paths, on_output);
        paths.Pop(node);
        Walk(node.else_body, paths, on_output);
        break;
    }
  }
}

}  // namespace

std::vector<std::string> CollectVariables(const Program& program) {
  std::vector<std::string> out;
  PathCollector paths(out);
  auto on_output = [](const Node& node, PathCollector& p) { p.Expr(*node.expr); };
  Walk(program.body, paths, on_output);
  return out;
}

std::vector<Placeholder> CollectPlaceholders(const Program& program) {
  std::vector<Placeholder> out;
  std::vector<std::string> ignored;
  PathCollector paths(ignored);
  auto on_output = [&](const Node& node, PathCollector& scoped) {
    Placeholder p;
    p.line = node.pos.line;
    p.col = node.pos.col;
    p.text = std::string(node.span.In(program.source));
    // Collect with the current loop scope, into this placeholder only.
    PathCollector local = scoped;
    local.Redirect(p.variables);
    local.Expr(*node.expr);
    const Expr& e = *node.expr;
    p.shell_quoted = e.kind == ExprKind::kFilter && e.filter->name == "shell_quote";
    out.push_back(std::move(p));
  };
  Walk(program.body, paths, on_output);
  return out;
}

}  // namespace stroem::tmpl::internal
