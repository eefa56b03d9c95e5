// Running a simple `cmd` without the shell, as GNU make does: `sh -c` costs about half a
// millisecond of start-up before the step's program even begins, on every step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runner/internal/command.h"

namespace stroem::runner::internal {

// The command `sh -c <cmd>` would run, when the shell would do nothing but split `cmd` at
// blanks and look its first word up in PATH: no quoting, expansion, globbing, redirection,
// operators, assignments or comments (only ASCII letters, digits, blanks and `_-./,:=+@%`),
// a first word that is no shell builtin or reserved word, and a program found as an
// executable regular file (relative to `cwd` when the word holds a '/', else in an absolute
// entry of the PATH in `env`, "KEY=VALUE" entries). Otherwise nothing: the step runs
// through the shell as written.
std::optional<Command> DirectCommand(const std::string& cmd, const std::vector<std::string>& env,
                                     const std::string& cwd);

// What the shell would have exported, given the directory the step runs in: PWD.
void SetShellVariables(std::vector<std::string>& env, const std::string& cwd);

// The exit code `sh -c` reports for a child ended by signal `sig`.
inline int ShellSignalExitCode(int sig) { return 128 + sig; }

}  // namespace stroem::runner::internal
