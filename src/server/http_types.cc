#include "server/http_types.h"

#include <boost/json.hpp>

namespace stroem::server {

std::string_view HttpRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string> HttpRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse resp;
  resp.status = status;
  resp.body = std::move(body);
  return resp;
}

HttpResponse HttpResponse::Error(int status, std::string_view message) {
  boost::json::object body;
  body["error"] = message;
  return Json(status, boost::json::serialize(body));
}

}  // namespace stroem::server
