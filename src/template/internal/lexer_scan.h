// Scanner: position bookkeeping and the expression tokens inside a tag
// (names, numbers, strings, operators). Used by the lexer.
#pragma once

#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "template/internal/lexer.h"

namespace stroem::tmpl::internal {

class Scanner {
 public:
  explicit Scanner(std::string_view source) : src_(source) {}

  // 1-based line and column (in code points) of a byte offset. Cheap for
  // increasing offsets.
  SourcePos PosAt(size_t offset);

  tl::unexpected<TemplateError> Error(size_t offset, std::string message);

  // The expression token starting at `i` (not whitespace). After a `.`, numbers
  // are integers only, so `a.0.1` reads as two index steps.
  tl::expected<Token, TemplateError> Next(size_t i, bool after_dot);

 private:
  tl::expected<Token, TemplateError> Number(size_t i, bool after_dot);
  tl::expected<Token, TemplateError> String(size_t i);
  tl::expected<Token, TemplateError> Punct(size_t i);
  Token Make(Tok kind, size_t begin, size_t end);

  std::string_view src_;
  size_t cached_offset_ = 0;
  SourcePos cached_pos_;
};

}  // namespace stroem::tmpl::internal
