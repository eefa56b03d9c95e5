// Operations endpoints: /healthz (process up), /readyz (database reachable and
// workspace loaded), /metrics (Prometheus text format).
#include <map>

#include "server/json_io.h"
#include "server/routes.h"

namespace stroem::server {
namespace {

HttpResponse Ready(ServerContext& ctx) {
  if (!ctx.workspace_loaded) return HttpResponse::Error(503, "workspace not loaded");
  storage::JobFilter probe;
  probe.limit = 1;
  auto reachable = ctx.store->ListJobs(probe);
  if (!reachable)
    return HttpResponse::Error(503, "database unavailable: " + reachable.error().message);
  return HttpResponse::Json(200, R"({"status":"ready"})");
}

// The counters live in memory; the gauge of active jobs is read from the store, and left
// out (the counters still served) while the database is unreachable.
HttpResponse MetricsText(ServerContext& ctx) {
  ctx.metrics.log_bytes = ctx.logs.bytes_written();
  std::map<std::string, int64_t> jobs_by_status;
  if (auto active = ctx.store->CountActiveJobs())
    jobs_by_status = {{"pending", active->pending}, {"running", active->running}};
  HttpResponse resp = HttpResponse::Json(200, ctx.metrics.Render(jobs_by_status));
  resp.content_type = "text/plain; version=0.0.4";
  return resp;
}

}  // namespace

void AddOpsRoutes(Router& r, ServerContext& ctx) {
  r.Add("GET", "/healthz",
        [](HttpRequest&) { return HttpResponse::Json(200, R"({"status":"ok"})"); });
  r.Add("GET", "/readyz", [&ctx](HttpRequest&) { return Ready(ctx); });
  r.Add("GET", "/metrics", [&ctx](HttpRequest&) { return MetricsText(ctx); });
}

}  // namespace stroem::server
