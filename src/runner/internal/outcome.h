// Building a StepOutcome, including the error texts of contract §3.8.
#pragma once

#include <string>

#include "runner/internal/capture.h"
#include "runner/internal/command.h"
#include "runner/internal/supervisor.h"
#include "runner/runner.h"

namespace stroem::runner::internal {

// A step that never started: exit_code -1 and `error`.
StepOutcome StartFailure(std::string error);

// The cancelled outcome, for a token cancelled before anything was spawned.
StepOutcome CancelledOutcome();

// Why `command` could not be executed, from the errno Spawn returned.
std::string SpawnErrorText(const Command& command, const std::string& script, int error_number);

// The outcome of a process that ran: exit status, OUTPUT value, error text. A `direct`
// command ended by a signal reports the shell's exit code for it (128 + the signal), so a
// step's exit code doesn't depend on whether the shell was skipped.
StepOutcome FinishedOutcome(const ChildExit& exit, const OutputCapture& capture,
                            const StepRun& step, const Command& command);

// "30s" for whole seconds, "250ms" otherwise.
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace stroem::runner::internal
