// 1. Sequential flow and 4. dispatch latency: what the orchestrator adds around a step.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "benchmark.h"

namespace stroem::bench {
namespace {

// Reads the CLOCK_REALTIME nanoseconds written by stroem_e2e_stamp; NaN when missing.
double StampSeconds(const std::string& path) {
  std::ifstream in(path);
  long long ns = 0;
  if (!(in >> ns)) return NAN;
  return static_cast<double>(ns) * 1e-9;
}

}  // namespace

void RunSequential(Context& ctx) {
  const int steps = ctx.Size(40, 5);
  std::string yaml = "actions:\n" + ShellAction("nap", "sleep 0.01") + "tasks:\n" +
                     StepsTask("seq", "nap", steps, true);
  // The baseline starts the same 40 processes back to back, without a shell in between,
  // as the runner does for a plain command.
  auto run_back_to_back = [steps] {
    double total = 0;
    for (int i = 0; i < steps; ++i) total += TimeProgram({"/bin/sleep", "0.01"});
    return total;
  };
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 1, 4));
  auto [o, b] = MedianRounds(ctx, cluster, "seq", 120, 2, run_back_to_back);
  double per_step = Ms(o - b) / steps;
  const char* bench = "1 sequential";
  ctx.Add(bench, std::to_string(steps) + " steps, created→completed", Fixed(o, 3) + " s",
          Fixed(b, 3) + " s (spawn)", Ratio(o / b));
  ctx.Add(bench, "overhead per step", Fixed(per_step, 2) + " ms", "", "", "≤ 5 ms",
          per_step <= 5.0);
}

// One sample: the time from `start` to the stamp the step's process wrote.
std::vector<double> Latencies(const std::string& dir,
                              const std::vector<std::pair<std::string, double>>& starts) {
  std::vector<double> out;
  for (const auto& [name, start] : starts)
    out.push_back(Ms(StampSeconds(dir + "/" + name) - start));
  return out;
}

// The baseline: the driver itself starts `stamp DIR` and waits for it. The step's command
// is the same plain command line, which the runner starts without a shell, as it does
// any command with nothing for the shell to interpret.
std::vector<double> DirectSpawnLatencies(const Context& ctx, const std::string& dir, int n) {
  std::vector<std::pair<std::string, double>> starts;
  for (int i = 0; i < n; ++i) {
    std::string name = "direct-" + std::to_string(i);
    double t0 = NowSeconds();
    TimeProgram({ctx.binaries.stamp, dir}, {{"STROEM_JOB_ID", name}});
    starts.emplace_back(name, t0);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return Latencies(dir, starts);
}

void RunDispatch(Context& ctx) {
  const int jobs = ctx.Size(400, 10);
  char tmpl[] = "/tmp/stroem-e2e-stamps.XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a stamp folder");
  std::string dir = tmpl;
  std::string yaml = "actions:\n" + ShellAction("stamp", ctx.binaries.stamp + " " + dir) +
                     "tasks:\n" + StepsTask("dispatch", "stamp", 1, false);
  std::vector<std::pair<std::string, double>> starts;
  {
    Cluster cluster(ctx.binaries, ctx.Options(yaml, 1, 4));
    auto next = std::chrono::steady_clock::now();
    for (int i = 0; i < jobs; ++i) {
      std::this_thread::sleep_until(next);
      next += std::chrono::milliseconds(50);
      std::string id = cluster.Execute("dispatch");
      starts.emplace_back(id, NowSeconds());
    }
    cluster.WaitAllJobs("dispatch", 60);
  }
  std::vector<double> ours = Latencies(dir, starts);
  std::vector<double> base = DirectSpawnLatencies(ctx, dir, ctx.Size(200, 5));
  std::filesystem::remove_all(dir);
  const char* bench = "4 dispatch";
  double p50 = Percentile(ours, 50), p99 = Percentile(ours, 99);
  double b50 = Percentile(base, 50), b99 = Percentile(base, 99);
  ctx.Add(bench, "execute returned → process start p50", Fixed(p50, 2) + " ms",
          Fixed(b50, 2) + " ms (spawn)", Ratio(p50 / b50), "≤ 2 ms", p50 <= 2.0);
  ctx.Add(bench, "execute returned → process start p99", Fixed(p99, 2) + " ms",
          Fixed(b99, 2) + " ms (spawn)", Ratio(p99 / b99), "≤ 10 ms", p99 <= 10.0);
}

}  // namespace stroem::bench
