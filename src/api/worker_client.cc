#include "api/worker_client.h"

#include "api/compact_log_chunk.h"

namespace stroem::api {
namespace {

ErrorCode CodeOfStatus(long status) {
  if (status == 409) return ErrorCode::kStaleAttempt;
  if (status == 404) return ErrorCode::kNotFound;
  if (status >= 500 || status == 429 || status == 408) return ErrorCode::kUnavailable;
  return ErrorCode::kInvalidArgument;
}

std::string JobPath(const std::string& job_id) {
  return "/worker/jobs/" + UrlEncode(job_id);
}

std::string StepPath(const std::string& job_id, const std::string& step) {
  return JobPath(job_id) + "/steps/" + UrlEncode(step);
}

Result<bool> AckOf(Result<HttpResponse> r) {
  if (!r) return tl::unexpected(r.error());
  return IsDuplicateAck(r->body);
}

}  // namespace

WorkerClient::WorkerClient(std::string server_url, std::string worker_token)
    : http_(std::move(server_url), std::move(worker_token)) {}

Result<HttpResponse> WorkerClient::Call(const std::string& path, const std::string& body,
                                        const RequestOptions& options) const {
  auto r = http_.Post(path, body, options);
  if (!r) return r;
  if (IsSuccess(*r)) return r;
  return tl::unexpected(StatusError(path, *r));
}

Error WorkerClient::StatusError(const std::string& path, const HttpResponse& r) const {
  return Error{CodeOfStatus(r.status), "POST " + http_.base_url() + path + " returned " +
                                           std::to_string(r.status) + ": " + ErrorMessageOf(r)};
}

Result<std::string> WorkerClient::Register(const std::string& name,
                                           const std::vector<std::string>& capabilities) const {
  auto r = Call("/worker/register", RegisterRequestJson(name, capabilities), {});
  if (!r) return tl::unexpected(r.error());
  return ParseRegisterResponse(r->body);
}

Result<void> WorkerClient::Heartbeat(const std::string& worker_id) const {
  auto r = Call("/worker/heartbeat", HeartbeatRequestJson(worker_id), {});
  if (!r) return tl::unexpected(r.error());
  return Ok();
}

Result<std::vector<std::string>> WorkerClient::Heartbeat(
    const std::string& worker_id, const std::vector<std::string>& attempt_jsons) const {
  auto r = Call("/worker/heartbeat", HeartbeatRequestJson(worker_id, attempt_jsons), {});
  if (!r) return tl::unexpected(r.error());
  return ParseHeartbeatResponse(r->body);
}

Result<std::optional<ClaimedStep>> WorkerClient::Claim(const std::string& worker_id,
                                                       const std::vector<std::string>& capabilities,
                                                       int wait_ms,
                                                       const std::atomic<bool>* abort) const {
  RequestOptions options;
  options.timeout = std::chrono::milliseconds(wait_ms) + std::chrono::seconds(15);
  options.abort = abort;
  auto r = Call("/worker/jobs/claim", ClaimRequestJson(worker_id, capabilities, wait_ms), options);
  if (!r) return tl::unexpected(r.error());
  return ParseClaimResponse(r->body);
}

Result<std::vector<ClaimedStep>> WorkerClient::ClaimSteps(
    const std::string& worker_id, const std::vector<std::string>& capabilities, int wait_ms,
    int max_steps, const std::atomic<bool>* abort) const {
  RequestOptions options;
  options.timeout = std::chrono::milliseconds(wait_ms) + std::chrono::seconds(15);
  options.abort = abort;
  auto r = Call("/worker/jobs/claim",
                ClaimRequestJson(worker_id, capabilities, wait_ms, max_steps), options);
  if (!r) return tl::unexpected(r.error());
  return ParseClaimResponses(r->body);
}

Result<void> WorkerClient::Start(const std::string& job_id, const std::string& step,
                                 const std::string& worker_id,
                                 const std::string& attempt_json) const {
  auto r = Call(StepPath(job_id, step) + "/start", StartRequestJson(worker_id, attempt_json), {});
  if (!r) return tl::unexpected(r.error());
  return Ok();
}

Result<bool> WorkerClient::PushLogs(const std::string& job_id,
                                    const std::string& chunk_json) const {
  return AckOf(Call(JobPath(job_id) + "/logs", chunk_json, {}));
}

Result<bool> WorkerClient::PushCompactLogs(const std::string& job_id,
                                           const std::string& body) const {
  const std::string path = JobPath(job_id) + "/logs";
  if (!compact_refused_.load()) {
    RequestOptions options;
    options.content_type = kCompactLogChunkType;
    auto r = http_.Post(path, body, options);
    if (!r) return tl::unexpected(r.error());
    if (IsSuccess(*r)) return IsDuplicateAck(r->body);
    if (r->status != 415) return tl::unexpected(StatusError(path, *r));
    compact_refused_ = true;  // an older server: JSON from now on
  }
  auto chunk = ParseCompactLogChunk(body);
  if (!chunk) return tl::unexpected(chunk.error());
  return AckOf(Call(path, CompactToLogChunkJson(*chunk), {}));
}

Result<bool> WorkerClient::Complete(const std::string& job_id, const std::string& step,
                                    const StepResult& result) const {
  return AckOf(Call(StepPath(job_id, step) + "/complete", StepResultJson(result), {}));
}

Result<CompleteAck> WorkerClient::Complete(const std::string& job_id, const std::string& step,
                                           const StepResult& result,
                                           const ResultExtras& extras) const {
  auto r = Call(StepPath(job_id, step) + "/complete", StepResultJson(result, extras), {});
  if (!r) return tl::unexpected(r.error());
  return ParseCompleteResponse(r->body);
}

}  // namespace stroem::api
