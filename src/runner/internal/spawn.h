// Starting a step's process: posix_spawn (vfork-fast in glibc) into a new process group.
#pragma once

#include <sys/types.h>

#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "runner/internal/command.h"
#include "runner/internal/unique_fd.h"

namespace stroem::runner::internal {

struct SpawnedChild {
  pid_t pid = -1;      // also the id of the child's new process group
  UniqueFd stdout_fd;  // read ends, non-blocking, close-on-exec
  UniqueFd stderr_fd;
  UniqueFd pid_fd;  // pidfd_open(pid); invalid where the kernel lacks it
};

// Spawns `command` with environment `env` ("K=V" entries) in directory `cwd`:
// stdin is /dev/null, stdout and stderr are pipes, every other descriptor is closed, the
// signal mask is empty and common signals a worker may ignore (SIGPIPE, SIGTERM, ...) are
// back to their defaults. The child leads a new process group so the whole tree it starts
// can be signalled at once. Returns the errno of the failure (from pipe2, chdir or exec:
// glibc reports exec errors synchronously), e.g. ENOENT for a missing interpreter.
tl::expected<SpawnedChild, int> Spawn(const Command& command, const std::vector<std::string>& env,
                                      const std::string& cwd);

}  // namespace stroem::runner::internal
