// Raw HTTP for the end-to-end suite: any method, body and headers (the error cases send
// what no well-behaved client would), over libcurl.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stroem::e2e {

struct HttpReply {
  long status = 0;  // 0: no HTTP answer at all (see `transport_error`)
  std::string body;
  std::string content_type;
  std::string transport_error;

  // The body parsed as JSON; null when it is not JSON.
  boost::json::value Json() const;
  // The `error` member of a JSON error body, or "".
  std::string Error() const;
};

struct HttpRequest {
  HttpRequest(std::string method, std::string url, std::optional<std::string> body = std::nullopt,
              std::vector<std::string> headers = {})
      : method(std::move(method)),
        url(std::move(url)),
        body(std::move(body)),
        headers(std::move(headers)) {}

  std::string method;
  std::string url;                   // absolute
  std::optional<std::string> body;   // sent when set, even empty
  std::vector<std::string> headers;  // "Name: value"
};

HttpReply Send(const HttpRequest& request);

}  // namespace stroem::e2e
