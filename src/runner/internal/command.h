// Turns a step's `cmd` or `script` into the program and arguments to execute.
#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "runner/runner.h"

namespace stroem::runner::internal {

struct Command {
  std::string program;            // absolute path handed to exec
  std::vector<std::string> argv;  // argv[0] included
  bool is_script = false;
  bool direct = false;      // a `cmd` run without the shell (direct_command.h)
  std::string script_path;  // the resolved script, when is_script
};

// The shell every `cmd` and every non-executable script runs through.
inline constexpr const char* kShell = "/bin/sh";

// Resolves `script` against `workspace_dir`. Refuses (kInvalidArgument) absolute paths and
// any path whose real location, after following `..` and symlinks, lies outside the real
// workspace directory; fails with kNotFound when the script does not exist or is not a
// regular file. Returns the canonical path, which is what gets executed, so the file that
// was checked is the file that runs (a symlink swapped afterwards is the workspace
// owner's own doing).
Result<std::string> ResolveScript(const std::string& workspace_dir, const std::string& script);

// `cmd` -> sh -c <cmd>. `script` -> the script itself when it has an exec bit (the kernel
// honours its #! line), otherwise sh <script>. Fails when neither or both are set, or when
// ResolveScript refuses the script.
Result<Command> ResolveCommand(const StepRun& step);

// The fallback for an executable script without a #! line (exec reports ENOEXEC): run it
// through sh, as shells do.
Command ThroughShell(const Command& script);

}  // namespace stroem::runner::internal
