// The parsed form of a template: expression trees and statement nodes.
// Produced by Parse (parser.cc), read by the renderer and the static analysis.
// Nodes refer to the template source by offset (Span), never by pointer, so a
// Program can be moved freely.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stroem::tmpl::internal {

// Nesting limit for blocks and for expressions: deeper templates are parse
// errors, so rendering and destruction never recurse without bound.
inline constexpr int kMaxDepth = 200;

struct SourcePos {
  int line = 1;
  int col = 1;
};

// A [begin, end) range of byte offsets into the template source.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string_view In(std::string_view source) const { return source.substr(begin, end - begin); }
};

// Source text quoted in an error message, cut to at most 80 bytes.
inline std::string Excerpt(std::string_view text) {
  constexpr size_t kMax = 80, kKeep = 77;
  if (text.size() <= kMax) return std::string(text);
  size_t n = kKeep;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole code points
  return std::string(text.substr(0, n)) + "...";
}

enum class ExprKind { kLiteral, kArray, kVar, kAttr, kIndex, kNeg, kNot, kBinary, kFilter, kTest };

enum class BinaryOp {
  kOr,
  kAnd,
  kEq,
  kNe,
  kLt,
  kGt,
  kLe,
  kGe,
  kIn,
  kNotIn,
  kConcat,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
};

enum class TestKind { kDefined, kUndefined, kNone };

struct FilterDef;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  SourcePos pos;
  Span span;
  int depth = 1;                       // height of this subtree
  BinaryOp op = BinaryOp::kOr;         // kBinary
  TestKind test = TestKind::kDefined;  // kTest
  bool negated = false;                // kTest: `is not`
  std::string name;                    // kVar, kAttr: the name
  boost::json::value literal;          // kLiteral
  const FilterDef* filter = nullptr;   // kFilter
  // kArray: items. kAttr, kNeg, kNot, kTest: [operand]. kIndex: [object, index].
  // kBinary: [lhs, rhs]. kFilter: [input, arg for each parameter or nullptr].
  std::vector<ExprPtr> children;
};

enum class NodeKind { kText, kOutput, kIf, kFor };

struct Node;
using Body = std::vector<Node>;

struct Branch {
  ExprPtr cond;
  Span cond_span;
  Body body;
};

struct Node {
  NodeKind kind = NodeKind::kText;
  SourcePos pos;                 // of the opening `{{` / `{%`
  Span span;                     // kText: the text; others: the trimmed expression
  ExprPtr expr;                  // kOutput: the value; kFor: the iterable
  std::vector<Branch> branches;  // kIf: `if` then each `elif`
  Body body;                     // kFor: the loop body
  Body else_body;                // kIf, kFor: the `else` part
  std::string key_var;           // kFor: `for key_var, value_var in ...` (may be empty)
  std::string value_var;         // kFor
};

// A parsed template. `source` is what every Span indexes.
struct Program {
  std::string source;
  Body body;
  bool literal = true;  // no tags at all
};

}  // namespace stroem::tmpl::internal
