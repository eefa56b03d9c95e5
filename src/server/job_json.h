// Jobs and steps as the public API shows them (contract §4 field names, plus
// the additive step fields input, output, exit_code, attempt, depends_on).
#pragma once

#include "server/json_io.h"
#include "storage/store.h"

namespace stroem::server {

json::object JobSummaryJson(const storage::Job& job);
json::object JobDetailJson(const storage::JobWithSteps& job);

bool IsTerminalJobStatus(const std::string& status);

}  // namespace stroem::server
