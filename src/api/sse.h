// SseParser: splits a `text/event-stream` body (as it arrives, in pieces of any size)
// into events. Follows the WHATWG rules that matter here: `event:` and `data:` fields,
// several data lines joined by "\n", comment lines (":") ignored, an event dispatched at
// the blank line that ends it, LF or CRLF line ends. Not thread-safe (one per stream).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace stroem::api {

struct SseEvent {
  std::string event = "message";
  std::string data;
};

class SseParser {
 public:
  // Feeds the next piece; calls `on_event` for each complete event. Returns false as soon
  // as `on_event` does (the rest of the piece is dropped).
  bool Feed(std::string_view piece, const std::function<bool(const SseEvent&)>& on_event);

 private:
  bool Line(std::string_view line, const std::function<bool(const SseEvent&)>& on_event);
  std::string pending_;  // an incomplete line
  SseEvent current_;
  bool has_data_ = false;
};

}  // namespace stroem::api
