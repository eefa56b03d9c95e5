#include "server/router.h"

#include "server/wakeup_signal.h"

namespace stroem::server {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = SplitPath(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

bool Router::Match(const Route& route, const std::vector<std::string>& path,
                   std::map<std::string, std::string>& params) {
  if (route.segments.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& seg = route.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      found[seg.substr(1, seg.size() - 2)] = path[i];
    } else if (seg != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

HttpResponse Router::Dispatch(HttpRequest& req, std::string* route_out) const {
  std::vector<std::string> path = SplitPath(req.path);
  std::string allow;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route, path, params)) continue;
    if (route.method != req.method) {
      allow += (allow.empty() ? "" : ", ") + route.method;
      continue;
    }
    req.params = std::move(params);
    if (route_out) *route_out = route.pattern;
    return route.handler(req);
  }
  if (route_out) *route_out = "unmatched";
  if (allow.empty()) return HttpResponse::Error(404, "Not found: " + req.path);
  HttpResponse resp =
      HttpResponse::Error(405, "Method " + req.method + " not allowed on " + req.path);
  resp.headers.emplace_back("Allow", allow);
  return resp;
}

}  // namespace stroem::server
