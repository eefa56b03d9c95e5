// 9. Peer, side by side: graphile-worker (a PostgreSQL job queue, installed by
// scripts/bench) runs the same 5,000 jobs whose body spawns `sh -c true`, concurrency 8
// (our benchmark 3 runs 2 workers × 4), on the same PostgreSQL, in the same run.
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "benchmark.h"

namespace stroem::bench {
namespace {

std::string RunCommand(const std::string& cmd) {
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + cmd);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  if (pclose(pipe) != 0) throw std::runtime_error(cmd + " failed:\n" + out);
  return out;
}

boost::json::object RunGraphile(const Context& ctx, int jobs) {
  std::string name = "stroem_e2e_graphile_" + std::to_string(getpid());
  std::string url = CreatePgDatabase(name);
  std::filesystem::copy_file(ctx.binaries.peer_script, ctx.graphile_dir + "/peer.mjs",
                             std::filesystem::copy_options::overwrite_existing);
  std::string out;
  try {
    out = RunCommand("cd '" + ctx.graphile_dir + "' && DATABASE_URL='" + url +
                     "' JOBS=" + std::to_string(jobs) + " CONCURRENCY=8 node peer.mjs 2>&1");
  } catch (...) {
    DropPgDatabase(name);
    throw;
  }
  DropPgDatabase(name);
  return boost::json::parse(out.substr(out.rfind('{'))).as_object();
}

}  // namespace

void RunPeer(Context& ctx) {
  if (ctx.backend != Backend::kPostgres) return;
  const char* bench = "9 peer";
  if (ctx.graphile_dir.empty()) {
    ctx.Add(bench, "skipped: graphile-worker not installed (--graphile-dir)", "-");
    return;
  }
  const int jobs = ctx.Size(5000, 20);
  ManyJobsResult ours =
      ctx.many_jobs && ctx.many_jobs->jobs == jobs ? *ctx.many_jobs : MeasureManyJobs(ctx, jobs);
  boost::json::object peer = RunGraphile(ctx, jobs);
  auto number = [&](const char* key) { return peer.at(key).to_number<double>(); };
  double rate = number("finished_per_s"), p50 = number("p50_ms"), p99 = number("p99_ms");
  ctx.Add(bench, Fixed(jobs, 0) + " jobs finished/s, Strøm vs graphile-worker",
          Fixed(ours.finished_per_s, 0), Fixed(rate, 0) + " (graphile)",
          Ratio(ours.finished_per_s / rate), "ratio > 1", ours.finished_per_s > rate);
  ctx.Add(bench, "submitted/s (4 clients)", Fixed(ours.submitted_per_s, 0),
          Fixed(number("submitted_per_s"), 0) + " (graphile)",
          Ratio(ours.submitted_per_s / number("submitted_per_s")));
  ctx.Add(bench, "submit→finish p50", Fixed(ours.p50_ms, 1) + " ms",
          Fixed(p50, 1) + " ms (graphile)", Ratio(ours.p50_ms / p50), "ratio < 1",
          ours.p50_ms < p50);
  ctx.Add(bench, "submit→finish p99", Fixed(ours.p99_ms, 1) + " ms",
          Fixed(p99, 1) + " ms (graphile)", Ratio(ours.p99_ms / p99));
}

}  // namespace stroem::bench
