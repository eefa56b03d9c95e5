#include "runner/internal/outcome.h"

#include "runner/internal/direct_command.h"

#include <string.h>
#include <sys/wait.h>

#include <cerrno>
#include <system_error>

namespace stroem::runner::internal {
namespace {

std::string WithStderr(const std::string& head, const OutputCapture& capture) {
  return head + "\nStderr: " + capture.StderrTail();
}

std::string SignalName(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);  // thread-safe, unlike strsignal
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

}  // namespace

StepOutcome StartFailure(std::string error) {
  StepOutcome outcome;
  outcome.exit_code = -1;
  outcome.error = std::move(error);
  return outcome;
}

StepOutcome CancelledOutcome() {
  StepOutcome outcome = StartFailure("cancelled");
  outcome.cancelled = true;
  return outcome;
}

std::string SpawnErrorText(const Command& command, const std::string& script, int error_number) {
  std::string reason = std::system_category().message(error_number);
  if (!command.is_script) return "failed to start " + command.program + ": " + reason;
  std::string text = "failed to start script " + script + ": " + reason;
  if (error_number == ENOENT && command.program == command.script_path) {
    text += " (is the interpreter named in its #! line installed?)";
  }
  return text;
}

StepOutcome FinishedOutcome(const ChildExit& exit, const OutputCapture& capture,
                            const StepRun& step, const Command& command) {
  StepOutcome outcome;
  outcome.output_json = capture.output();
  outcome.exit_code = WIFEXITED(exit.wait_status) ? WEXITSTATUS(exit.wait_status) : -1;
  switch (exit.reason) {
    case EndReason::kTimedOut:
      outcome.timed_out = true;
      outcome.exit_code = -1;
      outcome.error = "timed out after " + FormatDuration(*step.timeout);
      return outcome;
    case EndReason::kCancelled:
      outcome.cancelled = true;
      outcome.exit_code = -1;
      outcome.error = "cancelled";
      return outcome;
    case EndReason::kExited:
      break;
  }
  if (WIFSIGNALED(exit.wait_status)) {
    int sig = WTERMSIG(exit.wait_status);
    if (command.direct) outcome.exit_code = ShellSignalExitCode(sig);
    outcome.error = WithStderr("Exit code: " + std::to_string(outcome.exit_code) +
                                   " (killed by " + SignalName(sig) + ")",
                               capture);
  } else if (outcome.exit_code != 0) {
    outcome.error = WithStderr("Exit code: " + std::to_string(outcome.exit_code), capture);
  }
  return outcome;
}

std::string FormatDuration(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

}  // namespace stroem::runner::internal
