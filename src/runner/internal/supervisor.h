// The poll() loop that runs while a step's process lives.
#pragma once

#include <chrono>
#include <optional>

#include "runner/internal/capture.h"
#include "runner/internal/process_group.h"
#include "runner/internal/spawn.h"
#include "runner/runner.h"

namespace stroem::runner::internal {

struct SuperviseOptions {
  std::optional<std::chrono::milliseconds> timeout;
  std::chrono::milliseconds kill_grace;
  // After SIGKILL (or once the group is empty) how long to keep reading a pipe that a
  // process outside the group (one that called setsid) still holds open.
  std::chrono::milliseconds drain_limit;
};

enum class EndReason { kExited, kTimedOut, kCancelled };

struct ChildExit {
  int wait_status = 0;  // as from waitpid
  EndReason reason = EndReason::kExited;
};

// Reads both pipes as data arrives and feeds `capture`; watches the main process (pidfd),
// the cancel token and the timeout. On timeout or cancellation the group gets SIGTERM,
// then SIGKILL after the grace. When the main process exits by itself, whatever it left
// running in its group gets the same treatment, so no background child outlives the
// step. Returns once the main process is reaped and both pipes are at EOF, or the drain
// limit after the final kill has passed. Blocks only in poll().
ChildExit Supervise(SpawnedChild& child, OutputCapture& capture, const CancelToken& cancel,
                    const SuperviseOptions& options);

}  // namespace stroem::runner::internal
