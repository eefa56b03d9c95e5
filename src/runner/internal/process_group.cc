#include "runner/internal/process_group.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <string_view>

namespace stroem::runner::internal {
namespace {

// From /proc/<pid>/stat: "pid (comm) S ppid pgrp ...". comm may hold spaces and ')'.
bool LiveMemberOf(const char* pid, pid_t pgid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%s/stat", pid);
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // gone meanwhile
  char buf[512];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return false;
  std::string_view stat(buf, static_cast<size_t>(n));
  size_t paren = stat.rfind(')');
  if (paren == std::string_view::npos || paren + 4 > stat.size()) return false;
  char state = stat[paren + 2];
  size_t ppid_end = stat.find(' ', paren + 4);
  if (ppid_end == std::string_view::npos) return false;
  pid_t pgrp = 0;
  const char* first = stat.data() + ppid_end + 1;
  std::from_chars(first, stat.data() + stat.size(), pgrp);
  return pgrp == pgid && state != 'Z' && state != 'X';
}

// Whether any member of the group is still alive, zombies excepted. Orphans are reaped
// by PID 1, and a container's PID 1 often never reaps: its zombies must not make the
// runner wait out the whole grace period. Errs towards "alive" when /proc is unreadable.
bool GroupHasLiveMember(pid_t pgid) {
  DIR* dir = ::opendir("/proc");
  if (!dir) return true;
  bool alive = false;
  while (dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    if (LiveMemberOf(entry->d_name, pgid)) {
      alive = true;
      break;
    }
  }
  ::closedir(dir);
  return alive;
}

}  // namespace

void GroupTerminator::Terminate(SteadyTime now) {
  if (started()) return;
  kill_at_ = now + grace_;
  Signal(SIGTERM);
  // Nobody left to be graceful to: skip the grace.
  if (empty_) killed_ = true;
}

void GroupTerminator::Tick(SteadyTime now) {
  if (!started() || killed_ || now < *kill_at_) return;
  Signal(SIGKILL);
  killed_ = true;
}

void GroupTerminator::Probe() {
  Signal(0);
  if (!empty_ && !GroupHasLiveMember(pgid_)) empty_ = true;
}

std::optional<SteadyTime> GroupTerminator::next_deadline() const {
  if (!started() || killed_) return std::nullopt;
  return kill_at_;
}

void GroupTerminator::Signal(int sig) {
  if (empty_) return;
  if (::kill(-pgid_, sig) != 0 && errno == ESRCH) empty_ = true;
}

}  // namespace stroem::runner::internal
