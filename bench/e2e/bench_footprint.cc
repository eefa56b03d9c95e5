// 8. Server footprint: RSS idle and after many finished jobs; CPU seconds of the server
// and the worker per 1,000 trivial steps.
#include <atomic>
#include <cstdlib>
#include <thread>

#include "benchmark.h"

namespace stroem::bench {
namespace {

int FootprintJobs(const Context& ctx) {
  if (const char* n = std::getenv("STROEM_BENCH_FOOTPRINT_JOBS")) return std::atoi(n);
  return ctx.Size(100'000, 50);
}

}  // namespace

void RunFootprint(Context& ctx) {
  const int steps = ctx.Size(1000, 20), jobs = FootprintJobs(ctx);
  std::string yaml = "actions:\n" + ShellAction("noop", "true") + "tasks:\n" +
                     StepsTask("fan", "noop", steps, false) + StepsTask("one", "noop", 1, false);
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 2, 4));
  std::this_thread::sleep_for(std::chrono::milliseconds(ctx.smoke ? 0 : 1000));
  pid_t server = cluster.server().pid(), w0 = cluster.workers()[0].pid(),
        w1 = cluster.workers()[1].pid();
  double idle = RssMiB(server), worker_idle = RssMiB(w0);
  const char* bench = "8 footprint";
  ctx.Add(bench, "server RSS idle", Fixed(idle, 1) + " MiB", "", "", "< 30 MB",
          idle * 1.048576 < 30);
  ctx.Add(bench, "worker RSS idle", Fixed(worker_idle, 1) + " MiB");

  double s0 = CpuSeconds(server), k0 = CpuSeconds(w0) + CpuSeconds(w1);
  std::string id = cluster.Execute("fan");
  cluster.WaitJob("fan", id, 300, 20);
  double server_cpu = (CpuSeconds(server) - s0) * 1000 / steps;
  double worker_cpu = (CpuSeconds(w0) + CpuSeconds(w1) - k0) * 1000 / steps;
  ctx.Add(bench, "server CPU per 1,000 steps", Fixed(server_cpu, 2) + " s");
  ctx.Add(bench, "workers CPU per 1,000 steps", Fixed(worker_cpu, 2) + " s");

  ManyJobsSubmit(cluster, "one", jobs, 4);
  cluster.WaitAllJobs("one", 3600);
  std::this_thread::sleep_for(std::chrono::milliseconds(ctx.smoke ? 0 : 1000));
  ctx.Add(bench, "server RSS after " + Fixed(jobs, 0) + " jobs", Fixed(RssMiB(server), 1) + " MiB",
          Fixed(idle, 1) + " MiB (idle)", Ratio(RssMiB(server) / idle));
  ctx.Add(bench, "worker RSS after " + Fixed(jobs, 0) + " jobs", Fixed(RssMiB(w0), 1) + " MiB",
          Fixed(worker_idle, 1) + " MiB (idle)", Ratio(RssMiB(w0) / worker_idle));
}

}  // namespace stroem::bench
