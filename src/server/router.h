// Router: maps (method, path) to a handler. Patterns are paths whose `{name}`
// segments capture one segment into HttpRequest::params. An unknown path gives
// 404, a known path with another method 405 (with an Allow header).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/http_types.h"

namespace stroem::server {

using Handler = std::function<HttpResponse(HttpRequest&)>;

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Finds the route, fills req.params and runs the handler. `route_out`
  // receives the matched pattern (for metrics) or "unmatched".
  HttpResponse Dispatch(HttpRequest& req, std::string* route_out = nullptr) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& params);
  std::vector<Route> routes_;
};

// "/api/jobs/1" -> {"api", "jobs", "1"}
std::vector<std::string> SplitPath(const std::string& path);

}  // namespace stroem::server
