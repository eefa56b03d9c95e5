// HTTP requests and responses as the handlers see them: plain structs, so that
// handlers never include Beast. The server (http_server.h) converts to and from
// the wire; streaming and long-poll responses are expressed here as data.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stroem::server {

class WakeupSignal;

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // percent-decoded, without the query
  std::map<std::string, std::string> query;    // decoded; the last value wins
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::map<std::string, std::string> params;  // filled by the router from `{name}` segments
  std::chrono::steady_clock::time_point received_at = std::chrono::steady_clock::now();
  // Set when a held long poll must be answered now: its retry_at passed or the
  // server is stopping.
  bool final_call = false;

  // The header's value, or "" when absent. `name` must be lower-case.
  std::string_view Header(const std::string& name) const;
  std::optional<std::string> Query(const std::string& name) const;
};

// A body produced piece by piece (large logs, Server-Sent Events). Next() is
// called on a handler thread, never on an I/O thread, so it may block briefly.
class BodyStream {
 public:
  enum class Status { kData, kWait, kEnd };
  virtual ~BodyStream() = default;
  // kData: `chunk` holds the next piece. kWait: nothing yet; the server calls
  // again once `signal` (if any) fires or after a short while. kEnd: done.
  virtual Status Next(std::string& chunk) = 0;
  virtual WakeupSignal* signal() { return nullptr; }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<BodyStream> stream;  // when set, the body is streamed (chunked)

  // Long polling: when `retry_at` is set the server holds the request and calls
  // the handler again once `wait_on` fires after `wait_generation`, or at
  // `retry_at`. The handler decides what to answer at its deadline.
  std::optional<std::chrono::steady_clock::time_point> retry_at;
  WakeupSignal* wait_on = nullptr;
  uint64_t wait_generation = 0;

  static HttpResponse Json(int status, std::string body);
  // `{"error": message}` with the status.
  static HttpResponse Error(int status, std::string_view message);
};

}  // namespace stroem::server
