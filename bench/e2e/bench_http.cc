// Issue 4's speed section: wrk on loopback against GET /api/jobs/{id} (baseline: GET
// /healthz, the HTTP layer alone) and POST /api/tasks/{task}/execute for a 3-step task.
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include "benchmark.h"

namespace stroem::bench {
namespace {

struct WrkResult {
  double requests_per_s = NAN;
  double p99_ms = NAN;
  long non_2xx = 0;
};

double ToMs(double value, const std::string& unit) {
  if (unit == "us") return value / 1000;
  if (unit == "s") return value * 1000;
  return value;
}

WrkResult Wrk(const Context& ctx, const std::string& url, const std::string& script = "") {
  std::string cmd = "wrk --latency -t2 -c" + std::string(ctx.smoke ? "2 -d1s" : "16 -d5s") +
                    (script.empty() ? "" : " -s " + script) + " '" + url + "' 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run wrk");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  if (pclose(pipe) != 0) throw std::runtime_error("wrk failed:\n" + out);
  WrkResult r;
  std::smatch m;
  if (std::regex_search(out, m, std::regex(R"(Requests/sec:\s+([0-9.]+))")))
    r.requests_per_s = std::stod(m[1]);
  if (std::regex_search(out, m, std::regex(R"(99%\s+([0-9.]+)(us|ms|s))")))
    r.p99_ms = ToMs(std::stod(m[1]), m[2]);
  if (std::regex_search(out, m, std::regex(R"(Non-2xx or 3xx responses:\s+([0-9]+))")))
    r.non_2xx = std::stol(m[1]);
  return r;
}

}  // namespace

void RunHttp(Context& ctx) {
  const char* bench = "HTTP (wrk)";
  if (std::system("command -v wrk >/dev/null 2>&1") != 0) {
    if (!ctx.smoke) throw std::runtime_error("wrk is not installed (scripts/bench installs it)");
    ctx.Add(bench, "skipped: wrk not installed", "-");
    return;
  }
  std::string yaml =
      "actions:\n" + ShellAction("noop", "true") + "tasks:\n" + StepsTask("three", "noop", 3, true);
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 0, 4));
  std::this_thread::sleep_for(std::chrono::milliseconds(ctx.smoke ? 0 : 500));
  double idle = RssMiB(cluster.server().pid());
  ctx.Add(bench, "server RSS idle", Fixed(idle, 1) + " MiB", "", "", "< 30 MB",
          idle * 1.048576 < 30);
  std::string id = cluster.Execute("three");
  WrkResult health = Wrk(ctx, cluster.url() + "/healthz");
  WrkResult get = Wrk(ctx, cluster.url() + "/api/jobs/" + id);
  std::string script = cluster.dir() + "/post.lua";
  std::ofstream(script) << "wrk.method = \"POST\"\nwrk.body = '{\"input\":{}}'\n"
                           "wrk.headers[\"Content-Type\"] = \"application/json\"\n";
  WrkResult post = Wrk(ctx, cluster.url() + "/api/tasks/three/execute", script);
  if (get.non_2xx || post.non_2xx || health.non_2xx)
    throw std::runtime_error("wrk saw non-2xx answers");
  ctx.Add(bench, "GET /api/jobs/{id} req/s", Fixed(get.requests_per_s, 0),
          Fixed(health.requests_per_s, 0) + " (/healthz)",
          Ratio(get.requests_per_s / health.requests_per_s), "≥ 10,000",
          get.requests_per_s >= 10000);
  ctx.Add(bench, "GET /api/jobs/{id} p99", Fixed(get.p99_ms, 2) + " ms",
          Fixed(health.p99_ms, 2) + " ms", Ratio(get.p99_ms / health.p99_ms));
  ctx.Add(bench, "POST execute (3 steps) jobs/s", Fixed(post.requests_per_s, 0),
          Fixed(get.requests_per_s, 0) + " (GET)", Ratio(post.requests_per_s / get.requests_per_s));
  ctx.Add(bench, "POST execute p99", Fixed(post.p99_ms, 2) + " ms");
  ctx.Add(bench, "server RSS after load", Fixed(RssMiB(cluster.server().pid()), 1) + " MiB");
}

}  // namespace stroem::bench
