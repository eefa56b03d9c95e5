#include "api/public_client.h"

namespace stroem::api {
namespace {

Error StatusError(const HttpResponse& r) {
  ErrorCode code = r.status == 404   ? ErrorCode::kNotFound
                   : r.status >= 500 ? ErrorCode::kUnavailable
                                     : ErrorCode::kInvalidArgument;
  return Error{code, "Server returned " + std::to_string(r.status) + ": " + ErrorMessageOf(r)};
}

}  // namespace

Result<std::string> PublicClient::BodyOf(Result<HttpResponse> r) const {
  if (!r) return tl::unexpected(r.error());
  if (!IsSuccess(*r)) return tl::unexpected(StatusError(*r));
  return std::move(r->body);
}

Result<std::string> PublicClient::Get(const std::string& path) const {
  return BodyOf(http_.Get(path));
}

Result<std::string> PublicClient::Post(const std::string& path,
                                       const std::string& json_body) const {
  return BodyOf(http_.Post(path, json_body));
}

Result<void> PublicClient::StreamLogs(const std::string& job_id,
                                      const std::optional<std::string>& step,
                                      const std::function<bool(const SseEvent&)>& on_event,
                                      const std::atomic<bool>* abort) const {
  std::string path = "/api/jobs/" + UrlEncode(job_id) + "/logs/stream";
  if (step) path += "?step=" + UrlEncode(*step);
  SseParser parser;
  RequestOptions options;
  options.timeout = std::chrono::milliseconds(0);  // a stream lasts as long as the job
  options.abort = abort;
  auto r = http_.GetStream(
      path, [&](std::string_view piece) { return parser.Feed(piece, on_event); }, options);
  if (!r) return tl::unexpected(r.error());
  if (!IsSuccess(*r)) return tl::unexpected(StatusError(*r));
  return Ok();
}

}  // namespace stroem::api
