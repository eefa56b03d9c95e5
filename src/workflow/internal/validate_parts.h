// The parts of Validate(), one per kind of definition.
#pragma once

#include "common/diagnostic.h"
#include "workflow/model.h"

namespace stroem::workflow::internal {

void ValidateActions(const Workspace& ws, Diagnostics& diags);
void ValidateTasks(const Workspace& ws, Diagnostics& diags);
void ValidateStepInputs(const Workspace& ws, const Task& task, Diagnostics& diags);
void ValidateTriggers(const Workspace& ws, Diagnostics& diags);

}  // namespace stroem::workflow::internal
