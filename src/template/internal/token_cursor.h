// A read position in the token list, shared by the statement and expression
// parsers, plus the error helper both use.
#pragma once

#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "template/internal/lexer.h"

// Evaluates `expr` (a tl::expected); on error returns it from the enclosing
// function, otherwise moves the value into a new variable `var`.
#define STROEM_TMPL_TRY(var, expr)                                           \
  auto var##_result = (expr);                                                \
  if (!var##_result) return tl::unexpected(std::move(var##_result.error())); \
  auto var = std::move(*var##_result)

namespace stroem::tmpl::internal {

class TokenCursor {
 public:
  explicit TokenCursor(const std::vector<Token>& tokens) : tokens_(tokens) {}

  const Token& Peek(size_t ahead = 0) const {
    size_t i = index_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Next() {
    const Token& t = Peek();
    if (index_ + 1 < tokens_.size()) ++index_;
    return t;
  }
  size_t index() const { return index_; }
  const std::vector<Token>& tokens() const { return tokens_; }

  bool AtPunct(std::string_view p, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == Tok::kPunct && t.text == p;
  }
  bool AtKeyword(std::string_view k, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == Tok::kIdent && t.text == k;
  }
  // Consumes the punctuation `p` if it is next.
  bool Accept(std::string_view p) {
    if (!AtPunct(p)) return false;
    Next();
    return true;
  }

  static tl::unexpected<TemplateError> Error(const Token& at, std::string message) {
    return tl::unexpected(TemplateError{std::move(message), at.pos.line, at.pos.col, ""});
  }
  // "expected X, found Y" at the next token.
  tl::unexpected<TemplateError> Expected(std::string_view what) const {
    return Error(Peek(), "expected " + std::string(what) + ", found " + Describe(Peek()));
  }

 private:
  const std::vector<Token>& tokens_;
  size_t index_ = 0;
};

}  // namespace stroem::tmpl::internal
