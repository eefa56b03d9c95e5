// libFuzzer target: HTTP/1.1 request parsing as a connection does it (Beast's parser with
// the server's limits, then our conversion: percent-decoding, query, lower-cased headers)
// and routing of the result. Nothing may crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/http_server.h"
#include "server/router.h"

namespace {

// The real route shapes with handlers that only read what a handler would read.
stroem::server::Router MakeRouter() {
  using stroem::server::HttpRequest;
  using stroem::server::HttpResponse;
  stroem::server::Router r;
  auto touch = [](HttpRequest& req) {
    (void)req.Header("authorization");
    (void)req.Query("wait_ms");
    return HttpResponse::Json(200, "{}");
  };
  for (const char* p :
       {"/api/tasks", "/api/tasks/{name}", "/api/tasks/{name}/execute", "/api/jobs",
        "/api/jobs/{id}", "/api/jobs/{id}/logs", "/api/jobs/{id}/steps/{step}/logs",
        "/worker/jobs/{id}/steps/{step}/start", "/worker/jobs/{id}/logs", "/worker/register"}) {
    r.Add("GET", p, touch);
    r.Add("POST", p, touch);
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const stroem::server::Router router = MakeRouter();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Small limits so that the fuzzer reaches the 413/431 paths with small inputs.
  auto req = stroem::server::ParseHttpRequest(bytes, 4096, 1024);
  if (!req) return 0;
  std::string route;
  (void)router.Dispatch(*req, &route);
  return 0;
}
