#include "cli/validate_command.h"

#include <filesystem>
#include <ostream>

#include "workflow/loader.h"

namespace stroem::cli {
namespace {

namespace fs = std::filesystem;
using stroem::Diagnostic;
using stroem::Severity;

void PrintFile(const std::string& file, const std::vector<Diagnostic>& sorted, std::ostream& out) {
  bool failed = false;
  for (const Diagnostic& d : sorted)
    failed = failed || (d.pos.file == file && d.severity == Severity::kError);
  out << (failed ? "[FAIL] " : "[OK] ") << file << "\n";
  for (const Diagnostic& d : sorted)
    if (d.pos.file == file) out << "  " << d.ToString() << "\n";
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

int RunValidate(const std::string& path, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    err << "Error: " << path << ": no such file or directory\n";
    return 1;
  }
  std::vector<std::string> files =
      fs::is_directory(path, ec) ? workflow::WorkflowFiles(path) : std::vector<std::string>{path};
  if (files.empty()) {
    out << "No YAML files found at " << path << "\n";
    return 0;
  }
  workflow::LoadResult result = workflow::LoadFiles(files);
  std::vector<Diagnostic> sorted = result.diagnostics.Sorted();
  for (const std::string& file : files) PrintFile(file, sorted, out);
  size_t errors = 0;
  for (const Diagnostic& d : sorted) errors += d.severity == Severity::kError;
  out << Plural(errors, "error") << ", " << Plural(sorted.size() - errors, "warning") << " in "
      << Plural(files.size(), "file") << "\n";
  if (errors == 0) return 0;
  err << "Error: Validation failed for one or more files\n";
  return 1;
}

}  // namespace stroem::cli
