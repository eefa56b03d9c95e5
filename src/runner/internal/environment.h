// The environment a step's process sees.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "runner/runner.h"

namespace stroem::runner::internal {

// "KEY=VALUE" entries: `base` (the worker's environment, as in `environ`), then the action
// env, then one STROEM_INPUT_<NAME> per input, then STROEM_JOB_ID, STROEM_TASK and
// STROEM_STEP. A later definition of a name replaces an earlier one, so the runner's own
// STROEM_* variables always win. Fails (kInvalidArgument) on an action env name that is
// empty or contains '=' or a NUL, and on any value containing a NUL byte.
Result<std::vector<std::string>> BuildEnvironment(const StepRun& step, const char* const* base);

}  // namespace stroem::runner::internal
