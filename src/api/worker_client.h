// WorkerClient: the worker API (worker_api.h) over HttpClient, one method per endpoint.
//
// Every method maps the answer to a Result so callers can decide whether to retry:
//   kUnavailable     transport failure, timeout, 5xx (503 included): retry later
//   kStaleAttempt    409: the attempt is no longer current; give the step up
//   kNotFound        404: unknown job (or step); give the step up
//   kInvalidArgument 400, 401, 413 and other 4xx: retrying the same request won't help
// Messages name the request and carry the server's `error` text.
// Thread-safe (HttpClient is).
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "api/http_client.h"
#include "api/worker_api.h"
#include "common/error.h"

namespace stroem::api {

class WorkerClient {
 public:
  WorkerClient(std::string server_url, std::string worker_token);

  const std::string& server_url() const { return http_.base_url(); }

  Result<std::string> Register(const std::string& name,
                               const std::vector<std::string>& capabilities) const;
  Result<void> Heartbeat(const std::string& worker_id) const;
  // Heartbeat naming the attempts (echoed attempt_json values) the worker runs; returns
  // those the server wants stopped (cancelled jobs, task timeouts, given-up attempts).
  Result<std::vector<std::string>> Heartbeat(const std::string& worker_id,
                                             const std::vector<std::string>& attempt_jsons) const;
  // Long-polls for up to `wait_ms`; the HTTP timeout is wait_ms + 15 s. `abort` ends the
  // wait early (kUnavailable "aborted").
  Result<std::optional<ClaimedStep>> Claim(const std::string& worker_id,
                                           const std::vector<std::string>& capabilities,
                                           int wait_ms,
                                           const std::atomic<bool>* abort = nullptr) const;
  // Up to `max_steps` steps in one request (the server may give fewer).
  Result<std::vector<ClaimedStep>> ClaimSteps(const std::string& worker_id,
                                              const std::vector<std::string>& capabilities,
                                              int wait_ms, int max_steps,
                                              const std::atomic<bool>* abort = nullptr) const;
  Result<void> Start(const std::string& job_id, const std::string& step,
                     const std::string& worker_id, const std::string& attempt_json) const;
  // Sends a chunk body made by LogChunkJson. True when the server already had it.
  Result<bool> PushLogs(const std::string& job_id, const std::string& chunk_json) const;
  // Sends a compact chunk body (CompactChunkWriter). A server that answers 415 (one that
  // predates the compact form) gets the same chunk as JSON, then and on every later call.
  Result<bool> PushCompactLogs(const std::string& job_id, const std::string& body) const;
  // True when the server already had this attempt's result.
  Result<bool> Complete(const std::string& job_id, const std::string& step,
                        const StepResult& result) const;
  // The same with what a Strøm worker sends along (ResultExtras).
  Result<CompleteAck> Complete(const std::string& job_id, const std::string& step,
                               const StepResult& result, const ResultExtras& extras) const;

 private:
  Result<HttpResponse> Call(const std::string& path, const std::string& body,
                            const RequestOptions& options) const;
  Error StatusError(const std::string& path, const HttpResponse& response) const;
  HttpClient http_;
  mutable std::atomic<bool> compact_refused_{false};  // the server answered 415 to one
};

}  // namespace stroem::api
