#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>

#include "runner/runner.h"

namespace stroem::runner {

// An eventfd that is written once and never read stays readable, which is exactly the
// sticky "cancelled" state a poll() loop needs.
CancelToken::CancelToken() : event_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

CancelToken::~CancelToken() {
  if (event_fd_ >= 0) ::close(event_fd_);
}

void CancelToken::Cancel() {
  if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
  if (event_fd_ < 0) return;
  std::uint64_t one = 1;
  // Cannot fail short of a full counter, which one write never reaches.
  [[maybe_unused]] ssize_t n = ::write(event_fd_, &one, sizeof one);
}

}  // namespace stroem::runner
