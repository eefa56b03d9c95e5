// Diagnostics: every problem found in a workspace, with its place in a file.
// Loading and validation collect all of them (never stop at the first) and
// print each as `file:line:col: error|warning: message`.
#pragma once

#include <string>
#include <vector>

namespace stroem {

// A place in a workflow file. Line and column are 1-based; 0 means unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  SourcePos pos;
  Severity severity = Severity::kError;
  std::string message;

  // "file:line:col: error: message"
  std::string ToString() const;
};

// Collects diagnostics in the order they are found; Sorted() orders them for output.
class Diagnostics {
 public:
  void Error(const SourcePos& pos, std::string message);
  void Warning(const SourcePos& pos, std::string message);

  bool HasErrors() const;
  bool HasErrorsIn(const std::string& file) const;
  const std::vector<Diagnostic>& all() const { return items_; }
  // By file, then line, then column; stable for equal positions.
  std::vector<Diagnostic> Sorted() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace stroem
