// PublicClient: the public API (public_api.h) over HttpClient, for the CLI.
//
// Get/Post return the body of a 2xx answer. Any other answer is an error whose message
// is the contract's CLI wording, "Server returned 404: Task not found", with the code
// kNotFound (404), kInvalidArgument (other 4xx) or kUnavailable (5xx). Transport
// failures are kUnavailable naming the URL ("cannot reach http://...: Connection
// refused"). Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "api/http_client.h"
#include "api/sse.h"
#include "common/error.h"

namespace stroem::api {

class PublicClient {
 public:
  explicit PublicClient(std::string server_url) : http_(std::move(server_url)) {}

  const std::string& server_url() const { return http_.base_url(); }

  Result<std::string> Get(const std::string& path) const;
  Result<std::string> Post(const std::string& path, const std::string& json_body) const;

  // Follows GET /api/jobs/{id}/logs/stream[?step=NAME]: `on_event` gets each SSE event
  // until it returns false or the server closes the stream (after `event: end`).
  Result<void> StreamLogs(const std::string& job_id, const std::optional<std::string>& step,
                          const std::function<bool(const SseEvent&)>& on_event,
                          const std::atomic<bool>* abort = nullptr) const;

 private:
  Result<std::string> BodyOf(Result<HttpResponse> r) const;
  HttpClient http_;
};

}  // namespace stroem::api
