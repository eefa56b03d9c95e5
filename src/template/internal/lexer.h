// Splits a template source into tokens: literal text runs, tag delimiters and
// the expression tokens inside tags. Whitespace control (`{{-`, `-%}` ...) and
// comments are resolved here, so the parser never sees them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "template/internal/ast.h"
#include "template/template.h"

namespace stroem::tmpl::internal {

enum class Tok {
  kText,         // literal text; span is the text after whitespace control
  kOutputBegin,  // `{{`
  kOutputEnd,    // `}}`
  kTagBegin,     // `{%`
  kTagEnd,       // `%}`
  kIdent,
  kInt,
  kFloat,
  kString,  // text holds the decoded value
  kPunct,   // text holds the operator, e.g. "==" or "("
  kEnd,     // end of the source
};

struct Token {
  Tok kind = Tok::kEnd;
  SourcePos pos;
  Span span;
  std::string text;
  int64_t int_value = 0;
  double float_value = 0;
};

tl::expected<std::vector<Token>, TemplateError> Lex(std::string_view source);

// Human-readable form of a token for error messages, e.g. "')'" or "end of tag".
std::string Describe(const Token& token);

}  // namespace stroem::tmpl::internal
