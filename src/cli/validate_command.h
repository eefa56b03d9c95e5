// `stroem validate <file-or-dir>`: offline validation of workflow files.
#pragma once

#include <iosfwd>
#include <string>

namespace stroem::cli {

// Validates a file, a folder of workflow files, or a workspace root (its
// `.workflows/`), as one workspace. Prints per file `[OK] path` or
// `[FAIL] path`, then each problem as `file:line:col: error|warning: message`.
// Returns the exit code: 1 on any error, 0 with warnings only.
int RunValidate(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace stroem::cli
