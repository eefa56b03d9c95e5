// JSON helpers for the handlers (this header includes Boost.JSON: keep it in
// handler .cc files only).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/error.h"
#include "server/http_types.h"

namespace stroem::server {

namespace json = boost::json;

// Parses a request body that must be a JSON object (an empty body is `{}`
// when `empty_ok`). Errors are 400/415 responses ready to return.
tl::expected<json::object, HttpResponse> ParseObjectBody(const HttpRequest& req,
                                                         bool empty_ok = true);

// Parses stored JSON text; null when absent or damaged.
json::value ParseStored(const std::optional<std::string>& text);

json::value TimeOrNull(const std::optional<TimePoint>& t);
json::value StringOrNull(const std::optional<std::string>& s);
json::value MillisOrNull(const std::optional<std::chrono::milliseconds>& ms);  // an integer

// The body and status for an error value (the one table from ErrorCode to HTTP).
HttpResponse ErrorResponse(const Error& error);
int HttpStatusFor(ErrorCode code);

HttpResponse JsonResponse(const json::value& body, int status = 200);

// `obj[key]` as a string when present and a string.
std::optional<std::string> GetString(const json::object& obj, const char* key);

}  // namespace stroem::server
