#include "runner/internal/supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <array>
#include <cerrno>
#include <memory>
#include <utility>

namespace stroem::runner::internal {
namespace {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

// Fallback polling interval for what cannot wake poll(): a kernel without pidfd, a
// cancel token without an eventfd, a group whose last members are not yet reaped.
constexpr milliseconds kTick{10};
constexpr size_t kReadSize = size_t{64} * 1024;  // one default pipe buffer per read

class Supervisor {
 public:
  Supervisor(SpawnedChild& child, OutputCapture& capture, const CancelToken& cancel,
             const SuperviseOptions& options)
      : child_(child),
        capture_(capture),
        cancel_(cancel),
        options_(options),
        group_(child.pid, options.kill_grace) {
    if (options.timeout) run_deadline_ = Steady::now() + *options.timeout;
  }

  // Only reached unfinished when the sink threw: leave neither processes nor a zombie.
  ~Supervisor() {
    if (exited_) return;
    ::kill(-child_.pid, SIGKILL);
    while (::waitpid(child_.pid, &status_, 0) < 0 && errno == EINTR) {
    }
  }
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  ChildExit Run() {
    for (SteadyTime now = Steady::now(); !Done(now); now = Steady::now()) {
      PollOnce(now);
      Advance(Steady::now());
    }
    if (PipesOpen()) {
      FlushAndClose();
      capture_.Note(
          "stopped reading output: a process that left the step's process group "
          "still holds it open");
    }
    return {status_, reason_};
  }

 private:
  bool PipesOpen() const { return child_.stdout_fd.valid() || child_.stderr_fd.valid(); }
  bool Running() const { return !exited_ && reason_ == EndReason::kExited; }

  bool Done(SteadyTime now) const {
    if (!exited_) return false;
    if (!PipesOpen() && (group_.empty() || group_.killed())) return true;
    return drain_deadline_ && now >= *drain_deadline_;
  }

  void PollOnce(SteadyTime now) {
    std::array<pollfd, 4> fds{};
    size_t n = 0;
    auto add = [&](int fd) { fds[n++] = pollfd{fd, POLLIN, 0}; };
    add(child_.stdout_fd.get());  // poll ignores negative descriptors
    add(child_.stderr_fd.get());
    add(exited_ ? -1 : child_.pid_fd.get());
    add(Running() ? cancel_.wait_fd() : -1);
    timespec timeout;
    int ready = ::ppoll(fds.data(), n, Timeout(now, &timeout), nullptr);
    if (ready <= 0) return;  // timeout or EINTR: Advance() re-checks everything
    if (fds[0].revents) ReadOnce(child_.stdout_fd, Stream::kStdout);
    if (fds[1].revents) ReadOnce(child_.stderr_fd, Stream::kStderr);
  }

  // The earliest moment something must happen without an fd event; nullptr = none.
  timespec* Timeout(SteadyTime now, timespec* out) const {
    std::optional<SteadyTime> next;
    auto consider = [&](std::optional<SteadyTime> t) {
      if (t && (!next || *t < *next)) next = t;
    };
    if (Running()) consider(run_deadline_);
    consider(group_.next_deadline());
    consider(drain_deadline_);
    bool need_tick = (!exited_ && !child_.pid_fd.valid()) || (Running() && cancel_.wait_fd() < 0) ||
                     (exited_ && !PipesOpen() && !group_.empty() && !group_.killed());
    if (need_tick) consider(now + kTick);
    if (!next) return nullptr;
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(*next - now).count();
    if (ns < 0) ns = 0;
    *out = timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    return out;
  }

  void ReadOnce(UniqueFd& fd, Stream stream) {
    ssize_t got = ::read(fd.get(), buffer_.get(), kReadSize);
    if (got > 0) {
      capture_.OnBytes(stream, std::string_view(buffer_.get(), static_cast<size_t>(got)));
    } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
      capture_.OnEof(stream);
      fd.Reset();
    }
  }

  void Advance(SteadyTime now) {
    if (!exited_) TryReap(now);
    if (Running() && cancel_.cancelled()) Begin(EndReason::kCancelled, now);
    if (Running() && run_deadline_ && now >= *run_deadline_) Begin(EndReason::kTimedOut, now);
    group_.Tick(now);
    if (exited_ && !PipesOpen() && !group_.empty() && !group_.killed()) group_.Probe();
    if (exited_ && !drain_deadline_ && (group_.killed() || group_.empty())) {
      drain_deadline_ = now + options_.drain_limit;
    }
  }

  void Begin(EndReason reason, SteadyTime now) {
    reason_ = reason;
    group_.Terminate(now);
  }

  void TryReap(SteadyTime now) {
    if (::waitpid(child_.pid, &status_, WNOHANG) != child_.pid) return;
    exited_ = true;
    // Background children the step left behind are part of the step: end them too.
    group_.Terminate(now);
  }

  void FlushAndClose() {
    for (auto [fd, stream] : {std::pair{&child_.stdout_fd, Stream::kStdout},
                              std::pair{&child_.stderr_fd, Stream::kStderr}}) {
      if (!fd->valid()) continue;
      capture_.OnEof(stream);
      fd->Reset();
    }
  }

  SpawnedChild& child_;
  OutputCapture& capture_;
  const CancelToken& cancel_;
  const SuperviseOptions& options_;
  GroupTerminator group_;
  std::optional<SteadyTime> run_deadline_;
  std::optional<SteadyTime> drain_deadline_;
  bool exited_ = false;
  int status_ = 0;
  EndReason reason_ = EndReason::kExited;
  // On the heap: Run may be called on threads with small stacks.
  std::unique_ptr<char[]> buffer_{new char[kReadSize]};
};

}  // namespace

ChildExit Supervise(SpawnedChild& child, OutputCapture& capture, const CancelToken& cancel,
                    const SuperviseOptions& options) {
  return Supervisor(child, capture, cancel, options).Run();
}

}  // namespace stroem::runner::internal
