// Loading a workspace: every `.yaml`/`.yml` file of `<root>/.workflows/` (or of
// the root itself when it has no `.workflows/`), non-recursive, in sorted
// order, merged into one Workspace and validated as a whole. All problems are
// collected as diagnostics; nothing stops at the first.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/diagnostic.h"
#include "workflow/model.h"

namespace stroem::workflow {

struct LoadResult {
  Workspace workspace;
  Diagnostics diagnostics;
  bool ok() const { return !diagnostics.HasErrors(); }
};

// The workflow files of a workspace root, sorted. Missing root -> empty.
std::vector<std::string> WorkflowFiles(const std::string& root);

LoadResult LoadWorkspace(const std::string& root);

// Loads exactly these files as one workspace (`stroem validate <file>...`).
// An unreadable file is reported as an error diagnostic.
LoadResult LoadFiles(const std::vector<std::string>& files);

// Loads (file name, content) pairs: tests and fuzzers use this.
LoadResult LoadSources(const std::vector<std::pair<std::string, std::string>>& sources);

}  // namespace stroem::workflow
