#include "common/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace stroem {

std::string Diagnostic::ToString() const {
  std::string out = pos.file;
  if (pos.line > 0) out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  return out;
}

void Diagnostics::Error(const SourcePos& pos, std::string message) {
  items_.push_back({pos, Severity::kError, std::move(message)});
}

void Diagnostics::Warning(const SourcePos& pos, std::string message) {
  items_.push_back({pos, Severity::kWarning, std::move(message)});
}

bool Diagnostics::HasErrors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

bool Diagnostics::HasErrorsIn(const std::string& file) const {
  return std::any_of(items_.begin(), items_.end(), [&](const Diagnostic& d) {
    return d.severity == Severity::kError && d.pos.file == file;
  });
}

std::vector<Diagnostic> Diagnostics::Sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.pos.file, a.pos.line, a.pos.col) <
           std::tie(b.pos.file, b.pos.line, b.pos.col);
  });
  return out;
}

}  // namespace stroem
