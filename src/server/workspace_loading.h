// Loading the workspace the server serves: every problem is logged with its
// file:line:col, files with errors are skipped and the rest is served. A task
// that needs a skipped file's action is itself reported and not offered.
#pragma once

#include <memory>
#include <string>

#include "workflow/model.h"

namespace stroem::server {

std::shared_ptr<const workflow::Workspace> LoadServedWorkspace(const std::string& root);

}  // namespace stroem::server
