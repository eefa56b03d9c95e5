#include "server/json_io.h"

namespace stroem::server {

tl::expected<json::object, HttpResponse> ParseObjectBody(const HttpRequest& req, bool empty_ok) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    if (empty_ok) return json::object{};
    return tl::unexpected(HttpResponse::Error(400, "request body must be a JSON object"));
  }
  std::string_view type = req.Header("content-type");
  if (!type.empty() && type.find("json") == std::string_view::npos)
    return tl::unexpected(HttpResponse::Error(
        415, "Content-Type must be application/json, not " + std::string(type)));
  json::error_code ec;
  json::parse_options options;
  options.max_depth = 64;  // deeply nested bodies are refused, not recursed into
  json::value v = json::parse(req.body, ec, {}, options);
  if (ec) return tl::unexpected(HttpResponse::Error(400, "malformed JSON body: " + ec.message()));
  if (!v.is_object())
    return tl::unexpected(HttpResponse::Error(400, "request body must be a JSON object"));
  return std::move(v.get_object());
}

json::value ParseStored(const std::optional<std::string>& text) {
  if (!text || text->empty()) return nullptr;
  json::error_code ec;
  json::value v = json::parse(*text, ec);
  return ec ? json::value(nullptr) : v;
}

json::value TimeOrNull(const std::optional<TimePoint>& t) {
  if (!t) return nullptr;
  return json::string(FormatRfc3339(*t));
}

json::value MillisOrNull(const std::optional<std::chrono::milliseconds>& ms) {
  if (!ms) return nullptr;
  return json::value(static_cast<std::int64_t>(ms->count()));
}

json::value StringOrNull(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return json::string(*s);
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kStaleAttempt:
      return 409;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse ErrorResponse(const Error& error) {
  return HttpResponse::Error(HttpStatusFor(error.code), error.message);
}

HttpResponse JsonResponse(const json::value& body, int status) {
  return HttpResponse::Json(status, json::serialize(body));
}

std::optional<std::string> GetString(const json::object& obj, const char* key) {
  const json::value* v = obj.if_contains(key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

}  // namespace stroem::server
