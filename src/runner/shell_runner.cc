#include "runner/shell_runner.h"

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "runner/internal/capture.h"
#include "runner/internal/command.h"
#include "runner/internal/direct_command.h"
#include "runner/internal/environment.h"
#include "runner/internal/outcome.h"
#include "runner/internal/spawn.h"
#include "runner/internal/supervisor.h"

extern char** environ;

namespace stroem::runner {
namespace {

using internal::Command;
using internal::SpawnedChild;

// Spawn errors show up as ENOENT for a missing working directory too; say which it is.
std::optional<std::string> CheckWorkspace(const std::string& dir) {
  std::error_code ec;
  if (dir.empty()) return "workspace directory is not set";
  if (!std::filesystem::is_directory(dir, ec)) return "workspace directory not found: " + dir;
  return std::nullopt;
}

// A simple `cmd` starts its program directly; should that fail, the shell runs it as
// written and reports the failure in its own words ("sh: 1: x: Permission denied").
tl::expected<SpawnedChild, int> SpawnCommand(Command& command, const std::vector<std::string>& env,
                                             const StepRun& step) {
  const std::string& cwd = step.workspace_dir;
  if (step.cmd) {
    if (auto direct = internal::DirectCommand(*step.cmd, env, cwd)) {
      std::vector<std::string> direct_env = env;
      internal::SetShellVariables(direct_env, cwd);
      auto child = internal::Spawn(*direct, direct_env, cwd);
      if (child) {
        command = std::move(*direct);
        return child;
      }
    }
  }
  auto child = internal::Spawn(command, env, cwd);
  // An executable script without a #! line: the kernel cannot run it, shells can.
  if (!child && child.error() == ENOEXEC && command.is_script) {
    child = internal::Spawn(internal::ThroughShell(command), env, cwd);
  }
  return child;
}

}  // namespace

StepOutcome ShellRunner::Run(const StepRun& step, LogSink& sink, const CancelToken& cancel) {
  if (cancel.cancelled()) return internal::CancelledOutcome();
  internal::OutputCapture capture(
      sink, *options_.clock,
      {options_.max_line_bytes, options_.max_output_bytes, options_.stderr_tail_bytes});
  auto fail = [&capture](std::string error) {
    capture.Note(error);
    return internal::StartFailure(std::move(error));
  };
  if (auto error = CheckWorkspace(step.workspace_dir)) return fail(*error);
  auto command = internal::ResolveCommand(step);
  if (!command) return fail(command.error().message);
  auto env = internal::BuildEnvironment(step, environ);
  if (!env) return fail(env.error().message);
  auto child = SpawnCommand(*command, *env, step);
  if (!child) {
    return fail(internal::SpawnErrorText(*command, step.script.value_or(""), child.error()));
  }
  internal::ChildExit exit = internal::Supervise(
      *child, capture, cancel, {step.timeout, options_.kill_grace, options_.drain_limit});
  return internal::FinishedOutcome(exit, capture, step, *command);
}

}  // namespace stroem::runner
