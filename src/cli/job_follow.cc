#include "cli/job_follow.h"

#include <chrono>
#include <ostream>
#include <thread>

#include "api/public_api.h"

namespace stroem::cli {
namespace {

struct FollowState {
  std::ostream* print = nullptr;
  size_t printed = 0;  // log events written so far, over all connections
  size_t seen = 0;     // log events of the current connection
  std::optional<std::string> final_status;
  std::optional<Error> error;
};

bool OnEvent(FollowState& s, const api::SseEvent& event) {
  if (event.event == "end") {
    auto status = api::ParseEndEvent(event.data);
    if (!status)
      s.error = status.error();
    else
      s.final_status = *status;
    return false;
  }
  if (event.event != "log") return true;
  if (++s.seen <= s.printed) return true;  // replayed after a reconnect
  s.printed = s.seen;
  if (!s.print) return true;
  auto line = api::ParseLogEvent(event.data);
  if (!line) {
    s.error = line.error();
    return false;
  }
  *s.print << line->line << '\n' << std::flush;
  return true;
}

}  // namespace

Result<std::string> FollowJob(const api::PublicClient& client, const std::string& job_id,
                              const std::optional<std::string>& step, std::ostream* print) {
  FollowState state;
  state.print = print;
  int failures = 0;
  for (;;) {
    state.seen = 0;
    auto r =
        client.StreamLogs(job_id, step, [&](const api::SseEvent& e) { return OnEvent(state, e); });
    if (state.error) return tl::unexpected(*state.error);
    if (state.final_status) return *state.final_status;
    if (!r && r.error().code != ErrorCode::kUnavailable) return tl::unexpected(r.error());
    if (!r && ++failures >= 60) return tl::unexpected(r.error());
    if (r) failures = 0;
    // The stream broke (server restarting): pace the reconnects.
    std::this_thread::sleep_for(std::chrono::milliseconds(r ? 200 : 1000));
  }
}

}  // namespace stroem::cli
