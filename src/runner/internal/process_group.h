// Ending a step's whole process tree: SIGTERM to its process group, SIGKILL after a grace.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>

namespace stroem::runner::internal {

using SteadyTime = std::chrono::steady_clock::time_point;

// Tracks the termination of one process group. Not thread-safe (the run's thread).
//
// The group id is the step's main pid. While the main process is unreaped that id cannot
// be reused; after it is reaped the id stays pinned as long as any member lives, so
// signalling the group cannot hit a stranger unless the group is already empty and the
// kernel recycled the id within the same microseconds.
class GroupTerminator {
 public:
  GroupTerminator(pid_t pgid, std::chrono::milliseconds grace) : pgid_(pgid), grace_(grace) {}

  // Sends SIGTERM once (later calls do nothing); SIGKILL becomes due `grace` later.
  void Terminate(SteadyTime now);
  // Sends SIGKILL when it is due.
  void Tick(SteadyTime now);
  // Re-checks whether any member is left alive (zombies are dead: they only wait for
  // their parent, often a container init that never reaps them).
  void Probe();

  bool started() const { return kill_at_.has_value(); }
  bool killed() const { return killed_; }
  // True once no member is left alive.
  bool empty() const { return empty_; }
  // When Tick must next run, if ever.
  std::optional<SteadyTime> next_deadline() const;

 private:
  void Signal(int sig);

  pid_t pgid_;
  std::chrono::milliseconds grace_;
  std::optional<SteadyTime> kill_at_;
  bool killed_ = false;
  bool empty_ = false;
};

}  // namespace stroem::runner::internal
