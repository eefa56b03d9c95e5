#include "runner/internal/command.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace stroem::runner::internal {
namespace fs = std::filesystem;
namespace {

// True when `path` is `root` or below it. Both must be canonical.
bool IsWithin(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

Result<Command> ScriptCommand(const StepRun& step) {
  auto resolved = ResolveScript(step.workspace_dir, *step.script);
  if (!resolved) return tl::unexpected(resolved.error());
  Command c;
  c.is_script = true;
  c.script_path = *resolved;
  if (::access(resolved->c_str(), X_OK) == 0) {
    c.program = *resolved;
    c.argv = {*resolved};
  } else {
    c.program = kShell;
    c.argv = {"sh", *resolved};
  }
  return c;
}

}  // namespace

Result<std::string> ResolveScript(const std::string& workspace_dir, const std::string& script) {
  if (script.empty()) return Fail(ErrorCode::kInvalidArgument, "script path is empty");
  fs::path relative(script);
  if (relative.is_absolute()) {
    return Fail(ErrorCode::kInvalidArgument,
                "script path must be relative to the workspace: " + script);
  }
  std::error_code ec;
  fs::path root = fs::canonical(workspace_dir, ec);
  if (ec) {
    return Fail(ErrorCode::kNotFound, "workspace directory " + workspace_dir + ": " + ec.message());
  }
  fs::path target = fs::weakly_canonical(root / relative, ec);
  if (ec) return Fail(ErrorCode::kNotFound, "script " + script + ": " + ec.message());
  if (!IsWithin(target, root)) {
    return Fail(ErrorCode::kInvalidArgument, "script path escapes the workspace: " + script +
                                                 " resolves to " + target.string() + ", outside " +
                                                 root.string());
  }
  if (!fs::is_regular_file(target, ec)) {
    return Fail(ErrorCode::kNotFound, "script not found in the workspace: " + script);
  }
  return target.string();
}

Result<Command> ResolveCommand(const StepRun& step) {
  if (step.cmd && step.script) {
    return Fail(ErrorCode::kInvalidArgument, "step has both cmd and script");
  }
  if (step.script) return ScriptCommand(step);
  if (!step.cmd) return Fail(ErrorCode::kInvalidArgument, "step has neither cmd nor script");
  Command c;
  c.program = kShell;
  c.argv = {"sh", "-c", *step.cmd};
  return c;
}

Command ThroughShell(const Command& script) {
  Command c = script;
  c.program = kShell;
  c.argv = {"sh", script.script_path};
  return c;
}

}  // namespace stroem::runner::internal
