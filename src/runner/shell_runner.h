// ShellRunner: runs `type: shell` steps as local processes.
#pragma once

#include <chrono>
#include <cstddef>

#include "common/clock.h"
#include "runner/runner.h"

namespace stroem::runner {

struct ShellRunnerOptions {
  // Timestamps of log lines. Time limits always use the steady clock.
  const Clock* clock = &SystemClock::Instance();
  // Between SIGTERM and SIGKILL to the step's process group.
  std::chrono::milliseconds kill_grace{5000};
  // How long to keep reading after the final kill when a process that escaped the group
  // (setsid) still holds the output pipes open; then the runner stops reading.
  std::chrono::milliseconds drain_limit{1000};
  // Longer lines are delivered as several LogLines.
  size_t max_line_bytes = 64 * 1024;
  // A larger `OUTPUT:` line is ignored (and noted in the log).
  size_t max_output_bytes = 16 * 1024 * 1024;
  // How much of the end of stderr goes into StepOutcome::error.
  size_t stderr_tail_bytes = 4 * 1024;
};

// Process model, per Run:
//  - `cmd` runs as `/bin/sh -c <cmd>`. `script` is resolved inside the workspace (absolute
//    paths and anything resolving outside it, through `..` or symlinks, are refused); with
//    an exec bit it is executed directly (its #! line chooses the interpreter; without one
//    it falls back to sh), without one it runs as `/bin/sh <script>`. The working
//    directory is the workspace; stdin is /dev/null; no other descriptor is inherited.
//  - Environment: the worker's (`environ` at the time of the call), then the action env,
//    then STROEM_INPUT_<NAME> per input (InputEnvName), then STROEM_JOB_ID, STROEM_TASK,
//    STROEM_STEP; later entries override earlier ones with the same name.
//  - The process leads its own process group. Timeout and cancellation send SIGTERM to
//    the group, then SIGKILL after kill_grace. When the main process exits, processes it
//    left running in its group are ended the same way: nothing outlives the step except
//    what deliberately left the group.
//  - stdout and stderr are read as they are written (poll() on both pipes) and passed to
//    the sink line by line; memory is bounded whatever the output size.
// Thread-safe: one ShellRunner may run many steps on many threads at once.
class ShellRunner final : public Runner {
 public:
  explicit ShellRunner(ShellRunnerOptions options = {}) : options_(options) {}

  StepOutcome Run(const StepRun& step, LogSink& sink, const CancelToken& cancel) override;

 private:
  ShellRunnerOptions options_;
};

}  // namespace stroem::runner
