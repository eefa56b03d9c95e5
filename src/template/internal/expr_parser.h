// Recursive-descent parser for the expression inside `{{ }}` or a tag.
//
// Precedence, loosest first: or, and, not, comparisons (== != < > <= >= in,
// not in), ~, + -, * / %, unary minus, then postfix: .name [index] | filter
// and finally `is [not] test`.
#pragma once

#include <tl/expected.hpp>

#include "template/internal/ast.h"
#include "template/internal/token_cursor.h"

namespace stroem::tmpl::internal {

using ExprResult = tl::expected<ExprPtr, TemplateError>;

class ExprParser {
 public:
  explicit ExprParser(TokenCursor& cursor) : cur_(cursor) {}

  ExprResult Parse() { return Level(0); }

 private:
  ExprResult Level(int level);
  ExprResult Not();
  ExprResult Unary(bool with_filters);
  ExprResult Postfix();
  ExprResult Primary();
  ExprResult ArrayLiteral();
  ExprResult Filters(ExprPtr input);
  ExprResult Filter(ExprPtr input);
  ExprResult Test(ExprPtr input);
  tl::expected<void, TemplateError> FilterArgs(Expr& filter, const Token& name);
  bool MatchBinary(int level, BinaryOp& op);

  // Builds a node over `children`, spanning from the first child (or `start`)
  // to the previous token; fails when the tree grows deeper than kMaxDepth.
  ExprResult Make(ExprKind kind, const Token& start, std::vector<ExprPtr> children);
  ExprResult MakeAt(ExprKind kind, SourcePos pos, uint32_t begin, std::vector<ExprPtr> children);
  uint32_t PrevEnd() const;

  TokenCursor& cur_;
  int depth_ = 0;
};

}  // namespace stroem::tmpl::internal
