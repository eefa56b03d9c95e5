#include "runner/internal/spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace stroem::runner::internal {
namespace {

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

int MakePipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno;
  p.read.Reset(fds[0]);
  p.write.Reset(fds[1]);
  // The runner multiplexes both pipes with poll(); a read must never block.
  ::fcntl(p.read.get(), F_SETFL, O_NONBLOCK);
  return 0;
}

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// RAII for the two posix_spawn configuration objects.
class SpawnConfig {
 public:
  SpawnConfig() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attr_);
  }
  ~SpawnConfig() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  SpawnConfig(const SpawnConfig&) = delete;
  SpawnConfig& operator=(const SpawnConfig&) = delete;

  int Configure(int out_fd, int err_fd, const std::string& cwd) {
    int rc = 0;
    auto check = [&rc](int r) { rc = rc ? rc : r; };
    check(posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0));
    check(posix_spawn_file_actions_adddup2(&actions_, out_fd, 1));
    check(posix_spawn_file_actions_adddup2(&actions_, err_fd, 2));
    check(posix_spawn_file_actions_addchdir_np(&actions_, cwd.c_str()));
    // Descriptors the embedding process opened without O_CLOEXEC must not leak into steps.
    check(posix_spawn_file_actions_addclosefrom_np(&actions_, 3));
    check(posix_spawnattr_setflags(
        &attr_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
    check(posix_spawnattr_setpgroup(&attr_, 0));
    sigset_t empty;
    sigemptyset(&empty);
    check(posix_spawnattr_setsigmask(&attr_, &empty));
    sigset_t defaults = DefaultedSignals();
    check(posix_spawnattr_setsigdefault(&attr_, &defaults));
    return rc;
  }

  const posix_spawn_file_actions_t* actions() const { return &actions_; }
  const posix_spawnattr_t* attr() const { return &attr_; }

 private:
  // Ignored dispositions survive exec; a worker that ignores SIGPIPE would otherwise
  // hand that to `yes | head` and friends.
  static sigset_t DefaultedSignals() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM,
                    SIGTSTP, SIGTTIN, SIGTTOU, SIGXFSZ}) {
      sigaddset(&set, sig);
    }
    return set;
  }

  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

}  // namespace

tl::expected<SpawnedChild, int> Spawn(const Command& command, const std::vector<std::string>& env,
                                      const std::string& cwd) {
  Pipe out, err;
  if (int e = MakePipe(out)) return tl::unexpected(e);
  if (int e = MakePipe(err)) return tl::unexpected(e);
  SpawnConfig config;
  if (int e = config.Configure(out.write.get(), err.write.get(), cwd)) return tl::unexpected(e);
  std::vector<char*> argv = CStrings(command.argv);
  std::vector<char*> envp = CStrings(env);
  SpawnedChild child;
  int rc = ::posix_spawn(&child.pid, command.program.c_str(), config.actions(), config.attr(),
                         argv.data(), envp.data());
  if (rc != 0) return tl::unexpected(rc);
  child.stdout_fd = std::move(out.read);
  child.stderr_fd = std::move(err.read);
  // Without a pidfd the supervisor falls back to polling waitpid (old kernels, seccomp).
  child.pid_fd.Reset(static_cast<int>(::syscall(SYS_pidfd_open, child.pid, 0)));
  return child;
}

}  // namespace stroem::runner::internal
