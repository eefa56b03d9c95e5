#include "template/internal/expr_parser.h"

#include <algorithm>
#include <array>

#include "template/internal/filters.h"

namespace stroem::tmpl::internal {
namespace {

// Binary operator levels, loosest first; level 2 is the prefix `not`.
enum Level {
  kOrLevel,
  kAndLevel,
  kNotLevel,
  kCompareLevel,
  kConcatLevel,
  kAddLevel,
  kMulLevel,
  kUnaryLevel
};

struct OpSpelling {
  int level;
  std::string_view text;
  bool keyword;
  BinaryOp op;
};

constexpr std::array kOps = {
    OpSpelling{kOrLevel, "or", true, BinaryOp::kOr},
    OpSpelling{kAndLevel, "and", true, BinaryOp::kAnd},
    OpSpelling{kCompareLevel, "==", false, BinaryOp::kEq},
    OpSpelling{kCompareLevel, "!=", false, BinaryOp::kNe},
    OpSpelling{kCompareLevel, "<", false, BinaryOp::kLt},
    OpSpelling{kCompareLevel, ">", false, BinaryOp::kGt},
    OpSpelling{kCompareLevel, "<=", false, BinaryOp::kLe},
    OpSpelling{kCompareLevel, ">=", false, BinaryOp::kGe},
    OpSpelling{kCompareLevel, "in", true, BinaryOp::kIn},
    OpSpelling{kConcatLevel, "~", false, BinaryOp::kConcat},
    OpSpelling{kAddLevel, "+", false, BinaryOp::kAdd},
    OpSpelling{kAddLevel, "-", false, BinaryOp::kSub},
    OpSpelling{kMulLevel, "*", false, BinaryOp::kMul},
    OpSpelling{kMulLevel, "/", false, BinaryOp::kDiv},
    OpSpelling{kMulLevel, "%", false, BinaryOp::kMod},
};

constexpr std::string_view kReserved[] = {"and", "or", "not", "in", "is"};

bool IsReserved(std::string_view name) {
  return std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved);
}

// true/false/none and their Jinja/JSON spellings; null when `name` is not one.
bool KeywordLiteral(std::string_view name, boost::json::value& out) {
  if (name == "true" || name == "True")
    out = true;
  else if (name == "false" || name == "False")
    out = false;
  else if (name == "none" || name == "None" || name == "null")
    out = nullptr;
  else
    return false;
  return true;
}

// RAII nesting counter for the recursive entry points.
class DepthGuard {
 public:
  explicit DepthGuard(int& depth, bool counts = true) : depth_(depth), step_(counts ? 1 : 0) {
    depth_ += step_;
  }
  ~DepthGuard() { depth_ -= step_; }
  bool TooDeep() const { return depth_ > kMaxDepth; }

 private:
  int& depth_;
  int step_;
};

constexpr char kTooDeep[] = "expression nested too deeply (more than 200 levels)";

}  // namespace

uint32_t ExprParser::PrevEnd() const {
  size_t i = cur_.index();
  return i == 0 ? 0 : cur_.tokens()[i - 1].span.end;
}

ExprResult ExprParser::Make(ExprKind kind, const Token& start, std::vector<ExprPtr> children) {
  return MakeAt(kind, start.pos, start.span.begin, std::move(children));
}

ExprResult ExprParser::MakeAt(ExprKind kind, SourcePos pos, uint32_t begin,
                              std::vector<ExprPtr> children) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  e->span = {begin, std::max(PrevEnd(), begin)};
  for (const ExprPtr& c : children) {
    if (c) e->depth = std::max(e->depth, c->depth + 1);
  }
  if (e->depth > kMaxDepth) {
    return tl::unexpected(TemplateError{kTooDeep, pos.line, pos.col, ""});
  }
  e->children = std::move(children);
  return e;
}

bool ExprParser::MatchBinary(int level, BinaryOp& op) {
  if (level == kCompareLevel && cur_.AtKeyword("not") && cur_.AtKeyword("in", 1)) {
    cur_.Next();
    cur_.Next();
    op = BinaryOp::kNotIn;
    return true;
  }
  const Token& t = cur_.Peek();
  if (t.kind != Tok::kPunct && t.kind != Tok::kIdent) return false;
  for (const OpSpelling& s : kOps) {
    if (s.level != level || t.text != s.text) continue;
    if (t.kind != (s.keyword ? Tok::kIdent : Tok::kPunct)) continue;
    cur_.Next();
    op = s.op;
    return true;
  }
  return false;
}

ExprResult ExprParser::Level(int level) {
  if (level == kNotLevel) return Not();
  if (level == kUnaryLevel) return Unary(true);
  // Counted once per nested expression (parentheses, brackets, arguments).
  DepthGuard guard(depth_, level == kOrLevel);
  if (guard.TooDeep()) return TokenCursor::Error(cur_.Peek(), kTooDeep);
  const Token& start = cur_.Peek();
  STROEM_TMPL_TRY(lhs, Level(level + 1));
  BinaryOp op;
  while (MatchBinary(level, op)) {
    STROEM_TMPL_TRY(rhs, Level(level + 1));
    std::vector<ExprPtr> operands;
    operands.push_back(std::move(lhs));
    operands.push_back(std::move(rhs));
    STROEM_TMPL_TRY(node, Make(ExprKind::kBinary, start, std::move(operands)));
    node->op = op;
    lhs = std::move(node);
  }
  return lhs;
}

ExprResult ExprParser::Not() {
  if (!cur_.AtKeyword("not")) return Level(kNotLevel + 1);
  DepthGuard guard(depth_);
  if (guard.TooDeep()) return TokenCursor::Error(cur_.Peek(), kTooDeep);
  const Token& start = cur_.Next();
  STROEM_TMPL_TRY(operand, Not());
  std::vector<ExprPtr> children;
  children.push_back(std::move(operand));
  return Make(ExprKind::kNot, start, std::move(children));
}

ExprResult ExprParser::Unary(bool with_filters) {
  ExprPtr node;
  if (cur_.AtPunct("-")) {
    DepthGuard guard(depth_);
    if (guard.TooDeep()) return TokenCursor::Error(cur_.Peek(), kTooDeep);
    const Token& start = cur_.Next();
    STROEM_TMPL_TRY(operand, Unary(false));
    std::vector<ExprPtr> children;
    children.push_back(std::move(operand));
    STROEM_TMPL_TRY(neg, Make(ExprKind::kNeg, start, std::move(children)));
    node = std::move(neg);
  } else {
    STROEM_TMPL_TRY(postfix, Postfix());
    node = std::move(postfix);
  }
  if (!with_filters) return node;
  return Filters(std::move(node));
}

ExprResult ExprParser::Postfix() {
  const Token& start = cur_.Peek();
  STROEM_TMPL_TRY(node, Primary());
  while (true) {
    std::vector<ExprPtr> children;
    children.push_back(std::move(node));
    if (cur_.Accept(".")) {
      const Token& name = cur_.Peek();
      if (name.kind != Tok::kIdent && name.kind != Tok::kInt)
        return cur_.Expected("a name after '.'");
      cur_.Next();
      if (name.kind == Tok::kInt) {
        auto index = std::make_unique<Expr>();
        index->literal = name.int_value;
        index->pos = name.pos;
        index->span = name.span;
        children.push_back(std::move(index));
      }
      STROEM_TMPL_TRY(step, Make(name.kind == Tok::kInt ? ExprKind::kIndex : ExprKind::kAttr, start,
                                 std::move(children)));
      step->name = name.text;
      node = std::move(step);
    } else if (cur_.Accept("[")) {
      STROEM_TMPL_TRY(index, Parse());
      if (!cur_.Accept("]")) return cur_.Expected("']'");
      children.push_back(std::move(index));
      STROEM_TMPL_TRY(step, Make(ExprKind::kIndex, start, std::move(children)));
      node = std::move(step);
    } else {
      return std::move(children[0]);
    }
  }
}

ExprResult ExprParser::Primary() {
  const Token& t = cur_.Peek();
  auto literal = [&](boost::json::value v) -> ExprResult {
    cur_.Next();
    STROEM_TMPL_TRY(e, Make(ExprKind::kLiteral, t, {}));
    e->literal = std::move(v);
    return e;
  };
  switch (t.kind) {
    case Tok::kInt:
      return literal(t.int_value);
    case Tok::kFloat:
      return literal(t.float_value);
    case Tok::kString:
      return literal(boost::json::string(t.text));
    case Tok::kIdent: {
      boost::json::value v;
      if (KeywordLiteral(t.text, v)) return literal(std::move(v));
      if (IsReserved(t.text)) return cur_.Expected("an expression");
      cur_.Next();
      STROEM_TMPL_TRY(var, Make(ExprKind::kVar, t, {}));
      var->name = t.text;
      return var;
    }
    default:
      break;
  }
  if (cur_.AtPunct("[")) return ArrayLiteral();
  if (!cur_.AtPunct("(")) return cur_.Expected("an expression");
  cur_.Next();
  STROEM_TMPL_TRY(inner, Parse());
  if (!cur_.Accept(")")) return cur_.Expected("')'");
  return inner;
}

ExprResult ExprParser::ArrayLiteral() {
  const Token& start = cur_.Next();
  std::vector<ExprPtr> items;
  while (!cur_.Accept("]")) {
    STROEM_TMPL_TRY(item, Parse());
    items.push_back(std::move(item));
    if (cur_.Accept("]")) break;
    if (!cur_.Accept(",")) return cur_.Expected("',' or ']'");
  }
  return Make(ExprKind::kArray, start, std::move(items));
}

ExprResult ExprParser::Filters(ExprPtr input) {
  while (cur_.AtPunct("|")) {
    cur_.Next();
    STROEM_TMPL_TRY(filtered, Filter(std::move(input)));
    input = std::move(filtered);
  }
  if (!cur_.AtKeyword("is")) return input;
  return Test(std::move(input));
}

ExprResult ExprParser::Filter(ExprPtr input) {
  const Token& name = cur_.Peek();
  if (name.kind != Tok::kIdent) return cur_.Expected("a filter name after '|'");
  const FilterDef* def = FindFilter(name.text);
  if (def == nullptr) return TokenCursor::Error(name, "unknown filter '" + name.text + "'");
  cur_.Next();
  Expr call;
  call.children.resize(1 + def->params.size());
  call.filter = def;
  if (cur_.Accept("(")) {
    auto ok = FilterArgs(call, name);
    if (!ok) return tl::unexpected(ok.error());
  }
  for (size_t i = 0; i < def->params.size(); ++i) {
    if (def->params[i].required && !call.children[i + 1]) {
      return TokenCursor::Error(name, "filter '" + name.text + "' needs argument '" +
                                          std::string(def->params[i].name) + "'");
    }
  }
  uint32_t begin = input->span.begin;
  call.children[0] = std::move(input);
  STROEM_TMPL_TRY(node, MakeAt(ExprKind::kFilter, name.pos, begin, std::move(call.children)));
  node->filter = def;
  node->name = name.text;
  return node;
}

tl::expected<void, TemplateError> ExprParser::FilterArgs(Expr& call, const Token& name) {
  const auto& params = call.filter->params;
  size_t positional = 0;
  bool named_seen = false;
  while (!cur_.Accept(")")) {
    const Token& arg = cur_.Peek();
    size_t slot;
    if (arg.kind == Tok::kIdent && cur_.AtPunct("=", 1)) {
      auto it = std::find_if(params.begin(), params.end(),
                             [&](const FilterParam& p) { return p.name == arg.text; });
      if (it == params.end()) {
        return TokenCursor::Error(arg,
                                  "filter '" + name.text + "' has no argument '" + arg.text + "'");
      }
      slot = it - params.begin();
      named_seen = true;
      cur_.Next();
      cur_.Next();
    } else {
      if (named_seen) return TokenCursor::Error(arg, "positional argument after named argument");
      if (positional >= params.size()) {
        return TokenCursor::Error(arg, "too many arguments for filter '" + name.text + "'");
      }
      slot = positional++;
    }
    if (call.children[slot + 1]) {
      return TokenCursor::Error(arg,
                                "argument '" + std::string(params[slot].name) + "' given twice");
    }
    STROEM_TMPL_TRY(value, Parse());
    call.children[slot + 1] = std::move(value);
    if (cur_.Accept(")")) break;
    if (!cur_.Accept(",")) return cur_.Expected("',' or ')'");
  }
  return {};
}

ExprResult ExprParser::Test(ExprPtr input) {
  cur_.Next();  // `is`
  bool negated = cur_.AtKeyword("not");
  if (negated) cur_.Next();
  const Token& name = cur_.Peek();
  if (name.kind != Tok::kIdent) return cur_.Expected("a test name after 'is'");
  TestKind kind;
  if (name.text == "defined")
    kind = TestKind::kDefined;
  else if (name.text == "undefined")
    kind = TestKind::kUndefined;
  else if (name.text == "none")
    kind = TestKind::kNone;
  else
    return TokenCursor::Error(name, "unknown test '" + name.text + "'");
  cur_.Next();
  SourcePos pos = input->pos;
  uint32_t begin = input->span.begin;
  std::vector<ExprPtr> children;
  children.push_back(std::move(input));
  STROEM_TMPL_TRY(node, MakeAt(ExprKind::kTest, pos, begin, std::move(children)));
  node->test = kind;
  node->negated = negated;
  return node;
}

}  // namespace stroem::tmpl::internal
