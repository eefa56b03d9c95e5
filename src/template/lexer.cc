#include "template/internal/lexer.h"

#include "template/internal/lexer_scan.h"

namespace stroem::tmpl::internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Finds the next `{{`, `{%` or `{#` at or after `from`.
size_t FindTagStart(std::string_view s, size_t from) {
  for (size_t i = s.find('{', from); i != std::string_view::npos; i = s.find('{', i + 1)) {
    if (i + 1 < s.size() && (s[i + 1] == '{' || s[i + 1] == '%' || s[i + 1] == '#')) return i;
  }
  return std::string_view::npos;
}

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source), scan_(source) {}

  tl::expected<std::vector<Token>, TemplateError> Run() {
    tokens_.reserve(src_.size() / 4 + 4);
    size_t pos = 0;
    bool trim_left = false;
    while (true) {
      size_t start = FindTagStart(src_, pos);
      size_t text_end = start == std::string_view::npos ? src_.size() : start;
      bool trim_right =
          start != std::string_view::npos && start + 2 < src_.size() && src_[start + 2] == '-';
      EmitText(pos, text_end, trim_left, trim_right);
      if (start == std::string_view::npos) break;
      auto next = src_[start + 1] == '#' ? SkipComment(start) : LexTag(start);
      if (!next) return tl::unexpected(next.error());
      trim_left = src_[*next - 3] == '-';
      pos = *next;
    }
    Token end;
    end.kind = Tok::kEnd;
    end.pos = scan_.PosAt(src_.size());
    end.span = {static_cast<uint32_t>(src_.size()), static_cast<uint32_t>(src_.size())};
    tokens_.push_back(std::move(end));
    return std::move(tokens_);
  }

 private:
  void EmitText(size_t begin, size_t end, bool trim_left, bool trim_right) {
    if (trim_left)
      while (begin < end && IsSpace(src_[begin])) ++begin;
    if (trim_right)
      while (end > begin && IsSpace(src_[end - 1])) --end;
    if (begin == end) return;
    Token t;
    t.kind = Tok::kText;
    t.pos = scan_.PosAt(begin);
    t.span = {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
    tokens_.push_back(std::move(t));
  }

  // Returns the offset just past the closing `#}`.
  tl::expected<size_t, TemplateError> SkipComment(size_t start) {
    size_t close = src_.find("#}", start + 2);
    if (close == std::string_view::npos) return scan_.Error(start, "unclosed comment '{#'");
    return close + 2;
  }

  // Lexes `{{ ... }}` or `{% ... %}` starting at `start`; returns the offset past the close.
  tl::expected<size_t, TemplateError> LexTag(size_t start) {
    bool output = src_[start + 1] == '{';
    char close = output ? '}' : '%';
    PushDelim(output ? Tok::kOutputBegin : Tok::kTagBegin, start, 2);
    size_t i = start + 2;
    if (i < src_.size() && src_[i] == '-') ++i;
    while (true) {
      while (i < src_.size() && IsSpace(src_[i])) ++i;
      if (i >= src_.size()) {
        return scan_.Error(start, output ? "unclosed '{{'" : "unclosed '{%'");
      }
      size_t close_at = i + (src_[i] == '-' ? 1 : 0);
      if (close_at + 1 < src_.size() && src_[close_at] == close && src_[close_at + 1] == '}') {
        PushDelim(output ? Tok::kOutputEnd : Tok::kTagEnd, i, close_at + 2 - i);
        return close_at + 2;
      }
      auto token = scan_.Next(i, PreviousIsDot());
      if (!token) return tl::unexpected(token.error());
      i = token->span.end;
      tokens_.push_back(std::move(*token));
    }
  }

  bool PreviousIsDot() const {
    return !tokens_.empty() && tokens_.back().kind == Tok::kPunct && tokens_.back().text == ".";
  }

  void PushDelim(Tok kind, size_t at, size_t len) {
    Token t;
    t.kind = kind;
    t.pos = scan_.PosAt(at);
    t.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + len)};
    tokens_.push_back(std::move(t));
  }

  std::string_view src_;
  Scanner scan_;
  std::vector<Token> tokens_;
};

}  // namespace

tl::expected<std::vector<Token>, TemplateError> Lex(std::string_view source) {
  return Lexer(source).Run();
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case Tok::kText:
      return "text";
    case Tok::kOutputBegin:
      return "'{{'";
    case Tok::kOutputEnd:
      return "end of '{{ }}'";
    case Tok::kTagBegin:
      return "'{%'";
    case Tok::kTagEnd:
      return "end of tag";
    case Tok::kEnd:
      return "end of template";
    case Tok::kString:
      return "string";
    default:
      return "'" + token.text + "'";
  }
}

}  // namespace stroem::tmpl::internal
