// HttpClient: the one HTTP client of the project, a small wrapper over libcurl.
//
// A client talks to one base URL ("http://127.0.0.1:8080"). Requests return the status
// and body of any HTTP answer (4xx and 5xx included: the caller decides what they mean);
// only transport failures are errors, with messages that name the URL:
//   "cannot reach http://127.0.0.1:8080: Connection refused"
//   "request to http://127.0.0.1:8080/api/jobs timed out after 30s"
// These are ErrorCode::kUnavailable; an aborted request (RequestOptions::abort) is
// kUnavailable too, with the message "aborted".
//
// Thread-safety: all methods are const and safe to call from many threads at once. Each
// call borrows a libcurl handle from a small internal pool (so connections are reused),
// and never shares a handle between two calls in flight.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/error.h"

namespace stroem::api {

struct HttpResponse {
  long status = 0;
  std::string body;
};

struct RequestOptions {
  // Whole-request limit; zero means none (streams).
  std::chrono::milliseconds timeout{30'000};
  std::chrono::milliseconds connect_timeout{5'000};
  // When set and it becomes true, the request is abandoned within about a second (libcurl
  // checks it from its progress callback). Lets a worker stop a long-poll at shutdown.
  const std::atomic<bool>* abort = nullptr;
  // The Content-Type of a POST body.
  std::string_view content_type = "application/json";
};

class HttpClient {
 public:
  // `base_url` without a trailing slash (one is removed). A non-empty `bearer_token` is
  // sent as `Authorization: Bearer <token>` on every request.
  explicit HttpClient(std::string base_url, std::string bearer_token = "");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  const std::string& base_url() const { return base_url_; }

  // `path` starts with '/' and is appended to the base URL as is (already escaped).
  Result<HttpResponse> Get(std::string_view path, const RequestOptions& options = {}) const;
  // POST with a body of options.content_type (JSON unless told otherwise).
  Result<HttpResponse> Post(std::string_view path, std::string_view body,
                            const RequestOptions& options = {}) const;

  // A GET whose body is handed to `on_data` piece by piece as it arrives (for
  // `text/event-stream`). `on_data` returning false ends the transfer early, which is
  // not an error. Returns the HTTP status; for a non-2xx status the body is not given
  // to `on_data` but returned in the response so the caller can show the error.
  Result<HttpResponse> GetStream(std::string_view path,
                                 const std::function<bool(std::string_view)>& on_data,
                                 const RequestOptions& options) const;

 private:
  struct Pool;
  std::string base_url_;
  std::string bearer_token_;
  std::unique_ptr<Pool> pool_;
};

// The message of an error response: the server's `{"error": "..."}` text when the body
// has that shape, otherwise the body itself (trimmed, shortened) or the status reason.
std::string ErrorMessageOf(const HttpResponse& response);

// True for 2xx.
inline bool IsSuccess(const HttpResponse& response) {
  return response.status >= 200 && response.status < 300;
}

// A percent-encoded path segment or query value (RFC 3986 unreserved kept as is).
std::string UrlEncode(std::string_view text);

}  // namespace stroem::api
