#include "server/workspace_loading.h"

#include <algorithm>
#include <set>

#include "common/log.h"
#include "workflow/loader.h"

namespace stroem::server {

std::shared_ptr<const workflow::Workspace> LoadServedWorkspace(const std::string& root) {
  std::vector<std::string> files = workflow::WorkflowFiles(root);
  std::set<std::string> reported;
  // Dropping a file can break files that used its actions: repeat until clean.
  for (size_t round = 0; round <= files.size(); ++round) {
    workflow::LoadResult result = workflow::LoadFiles(files);
    for (const Diagnostic& d : result.diagnostics.Sorted())
      if (reported.insert(d.ToString()).second)
        Log(d.severity == Severity::kError ? LogLevel::kError : LogLevel::kWarn,
            "workspace: " + d.ToString());
    if (result.ok()) {
      LogInfo("workspace: serving " + std::to_string(result.workspace.tasks.size()) +
              " tasks and " + std::to_string(result.workspace.actions.size()) + " actions from " +
              std::to_string(files.size()) + " files in " + root);
      return std::make_shared<const workflow::Workspace>(std::move(result.workspace));
    }
    std::erase_if(files, [&](const std::string& f) {
      bool bad = result.diagnostics.HasErrorsIn(f);
      if (bad) LogError("workspace: skipping " + f + " (it has errors)");
      return bad;
    });
  }
  return std::make_shared<const workflow::Workspace>();
}

}  // namespace stroem::server
