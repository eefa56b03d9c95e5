#include "template/internal/parser.h"

#include <algorithm>
#include <initializer_list>

#include "template/internal/expr_parser.h"
#include "template/internal/lexer.h"
#include "template/internal/token_cursor.h"

namespace stroem::tmpl::internal {
namespace {

using VoidResult = tl::expected<void, TemplateError>;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Parses the statements of one template. Each block-closing tag is handed back
// to the statement that opened it, so nesting errors name the unclosed tag.
class Parser {
 public:
  Parser(const std::vector<Token>& tokens, Program& program)
      : cur_(tokens), program_(program), source_(program.source) {}

  VoidResult Run() {
    std::string_view stop;
    auto ok = Body(program_.body, {}, stop);
    if (!ok) return ok;
    return {};
  }

 private:
  // Parses nodes until one of the `stops` tags (consumed up to its name, which
  // is returned in `stop`) or the end of the source (`stop` empty).
  VoidResult Body(internal::Body& out, std::initializer_list<std::string_view> stops,
                  std::string_view& stop) {
    while (true) {
      const Token& t = cur_.Next();
      switch (t.kind) {
        case Tok::kEnd:
          stop = {};
          return {};
        case Tok::kText:
          out.push_back(Node{.kind = NodeKind::kText, .pos = t.pos, .span = t.span});
          break;
        case Tok::kOutputBegin: {
          auto ok = Output(t, out);
          if (!ok) return ok;
          break;
        }
        default: {  // kTagBegin: the lexer emits nothing else between tags
          const Token& name = cur_.Peek();
          if (name.kind != Tok::kIdent) return WithTag(cur_.Expected("a tag name"), t);
          if (std::find(stops.begin(), stops.end(), name.text) != stops.end()) {
            cur_.Next();
            stop = name.text;
            return {};
          }
          auto ok = Statement(t, out);
          if (!ok) return ok;
        }
      }
    }
  }

  VoidResult Statement(const Token& begin, internal::Body& out) {
    const Token& name = cur_.Next();
    if (name.text == "if" || name.text == "for") {
      if (++depth_ > kMaxDepth) {
        return WithTag(TokenCursor::Error(begin, "blocks nested too deeply (more than 200 levels)"),
                       begin);
      }
      auto ok = name.text == "if" ? If(begin, out) : For(begin, out);
      --depth_;
      return ok;
    }
    bool known =
        name.text == "elif" || name.text == "else" || name.text == "endif" || name.text == "endfor";
    return WithTag(
        TokenCursor::Error(name, (known ? "unexpected tag '" : "unknown tag '") + name.text + "'"),
        begin);
  }

  VoidResult Output(const Token& begin, internal::Body& out) {
    Node node{.kind = NodeKind::kOutput, .pos = begin.pos};
    auto expr = ExprParser(cur_).Parse();
    if (!expr) return WithTag(tl::unexpected(expr.error()), begin);
    if (cur_.Peek().kind != Tok::kOutputEnd) return WithTag(cur_.Expected("'}}'"), begin);
    node.expr = std::move(*expr);
    node.span = InnerSpan(begin, cur_.Next());
    out.push_back(std::move(node));
    return {};
  }

  // The expression of an if/elif/for tag, followed by the tag's end.
  tl::expected<ExprPtr, TemplateError> TagExpr(const Token& begin, Span& span) {
    auto expr = ExprParser(cur_).Parse();
    if (!expr) return WithTag(tl::unexpected(expr.error()), begin);
    span = (*expr)->span;
    auto end = EndTag(begin);
    if (!end) return tl::unexpected(end.error());
    return std::move(*expr);
  }

  VoidResult EndTag(const Token& begin) {
    if (cur_.Peek().kind != Tok::kTagEnd) return WithTag(cur_.Expected("'%}'"), begin);
    cur_.Next();
    return {};
  }

  VoidResult If(const Token& begin, internal::Body& out) {
    Node node{.kind = NodeKind::kIf, .pos = begin.pos};
    const Token* tag = &begin;
    while (true) {
      Branch branch;
      STROEM_TMPL_TRY(cond, TagExpr(*tag, branch.cond_span));
      branch.cond = std::move(cond);
      std::string_view stop;
      auto ok = Body(branch.body, {"elif", "else", "endif"}, stop);
      if (!ok) return ok;
      node.branches.push_back(std::move(branch));
      if (stop.empty()) return Unclosed(begin, "if");
      tag = &cur_.tokens()[cur_.index() - 2];
      if (stop == "elif") continue;
      if (stop == "else") {
        auto end = EndTag(*tag);
        if (!end) return end;
        auto body = Body(node.else_body, {"endif"}, stop);
        if (!body) return body;
        if (stop.empty()) return Unclosed(begin, "if");
        tag = &cur_.tokens()[cur_.index() - 2];
      }
      break;
    }
    auto end = EndTag(*tag);
    if (!end) return end;
    out.push_back(std::move(node));
    return {};
  }

  VoidResult For(const Token& begin, internal::Body& out) {
    Node node{.kind = NodeKind::kFor, .pos = begin.pos};
    auto first = LoopVar(begin);
    if (!first) return tl::unexpected(first.error());
    node.value_var = *first;
    if (cur_.Accept(",")) {
      auto second = LoopVar(begin);
      if (!second) return tl::unexpected(second.error());
      node.key_var = std::move(node.value_var);
      node.value_var = *second;
    }
    if (!cur_.AtKeyword("in")) return WithTag(cur_.Expected("'in'"), begin);
    cur_.Next();
    STROEM_TMPL_TRY(iterable, TagExpr(begin, node.span));
    node.expr = std::move(iterable);
    std::string_view stop;
    auto ok = Body(node.body, {"else", "endfor"}, stop);
    if (!ok) return ok;
    if (stop == "else") {
      auto end = EndTag(cur_.tokens()[cur_.index() - 2]);
      if (!end) return end;
      auto body = Body(node.else_body, {"endfor"}, stop);
      if (!body) return body;
    }
    if (stop.empty()) return Unclosed(begin, "for");
    auto end = EndTag(cur_.tokens()[cur_.index() - 2]);
    if (!end) return end;
    out.push_back(std::move(node));
    return {};
  }

  tl::expected<std::string, TemplateError> LoopVar(const Token& begin) {
    const Token& t = cur_.Peek();
    if (t.kind != Tok::kIdent || t.text == "in" || t.text == "loop") {
      return WithTag(cur_.Expected("a loop variable name"), begin);
    }
    cur_.Next();
    return t.text;
  }

  tl::unexpected<TemplateError> Unclosed(const Token& begin, std::string_view tag) {
    std::string message =
        "unclosed '{% " + std::string(tag) + " %}' (missing '{% end" + std::string(tag) + " %}')";
    return WithTag(TokenCursor::Error(begin, std::move(message)), begin);
  }

  // Adds the text of the tag opened by `begin` to an error that has none.
  tl::unexpected<TemplateError> WithTag(tl::unexpected<TemplateError> error, const Token& begin) {
    if (!error.value().expr.empty()) return error;
    const auto& tokens = cur_.tokens();
    size_t i = &begin - tokens.data();
    while (i < tokens.size() && tokens[i].kind != Tok::kOutputEnd &&
           tokens[i].kind != Tok::kTagEnd && tokens[i].kind != Tok::kEnd) {
      ++i;
    }
    if (i < tokens.size() && tokens[i].kind != Tok::kEnd) {
      error.value().expr = Excerpt(InnerSpan(begin, tokens[i]).In(source_));
    }
    return error;
  }

  // The trimmed text between a tag's delimiters, without whitespace-control dashes.
  Span InnerSpan(const Token& begin, const Token& end) const {
    uint32_t b = begin.span.end, e = end.span.begin;
    if (b < e && source_[b] == '-') ++b;
    while (b < e && IsSpace(source_[b])) ++b;
    while (e > b && IsSpace(source_[e - 1])) --e;
    return {b, e};
  }

  TokenCursor cur_;
  Program& program_;
  std::string_view source_;
  int depth_ = 0;
};

bool HasTags(std::string_view s) {
  return s.find("{{") != std::string_view::npos || s.find("{%") != std::string_view::npos ||
         s.find("{#") != std::string_view::npos;
}

}  // namespace

tl::expected<Program, TemplateError> ParseProgram(std::string source) {
  Program program;
  program.source = std::move(source);
  program.literal = !HasTags(program.source);
  if (program.literal) return program;
  auto tokens = Lex(program.source);
  if (!tokens) return tl::unexpected(tokens.error());
  auto ok = Parser(*tokens, program).Run();
  if (!ok) return tl::unexpected(ok.error());
  return program;
}

}  // namespace stroem::tmpl::internal
