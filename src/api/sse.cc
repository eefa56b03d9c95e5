#include "api/sse.h"

namespace stroem::api {

bool SseParser::Feed(std::string_view piece, const std::function<bool(const SseEvent&)>& on_event) {
  pending_.append(piece);
  size_t start = 0;
  for (size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string_view line(pending_.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!Line(line, on_event)) {
      pending_.clear();
      return false;
    }
  }
  pending_.erase(0, start);
  return true;
}

bool SseParser::Line(std::string_view line, const std::function<bool(const SseEvent&)>& on_event) {
  if (line.empty()) {
    bool go_on = true;
    if (has_data_) go_on = on_event(current_);
    current_ = SseEvent{};
    has_data_ = false;
    return go_on;
  }
  if (line.front() == ':') return true;  // comment / keep-alive
  size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "event") {
    current_.event = std::string(value);
  } else if (field == "data") {
    if (has_data_) current_.data += '\n';
    current_.data.append(value);
    has_data_ = true;
  }
  return true;
}

}  // namespace stroem::api
