// Whole-workspace validation: references between definitions (steps to
// actions, depends_on, triggers to tasks, templates to inputs, steps and
// secrets), DAG cycles, template syntax, and the shell-injection warning.
// Per-definition checks (keys, types) happen while parsing.
#pragma once

#include "common/diagnostic.h"
#include "workflow/model.h"

namespace stroem::workflow {

void Validate(const Workspace& workspace, Diagnostics& diags);

// The environment variable a step input reaches the process as:
// `deploy-env` -> `STROEM_INPUT_DEPLOY_ENV`.
std::string InputEnvName(const std::string& input_name);

}  // namespace stroem::workflow
