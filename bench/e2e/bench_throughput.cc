// 2. Fan-out throughput, 3. many small jobs, 6. long-running concurrency.
#include <atomic>
#include <thread>

#include "benchmark.h"

namespace stroem::bench {
// Submits `n` jobs of `task` from `clients` threads as fast as they go; returns seconds.
double ManyJobsSubmit(const Cluster& cluster, const std::string& task, int n, int clients) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      while (next.fetch_add(1) < n) cluster.Execute(task);
    });
  for (std::thread& t : threads) t.join();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void RunFanOut(Context& ctx) {
  const int steps = ctx.Size(1000, 20);
  std::string yaml = "actions:\n" + ShellAction("noop", "true") + "tasks:\n" +
                     StepsTask("fan", "noop", steps, false);
  std::string baseline = "seq " + std::to_string(steps) + " | xargs -P4 -n1 sh -c true";
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 1, 4));
  auto [o, b] = MedianRounds(ctx, cluster, "fan", 300, 10, [&] { return TimeShell(baseline); });
  const char* bench = "2 fan-out";
  ctx.Add(bench, std::to_string(steps) + " steps, created→completed", Fixed(o, 3) + " s",
          Fixed(b, 3) + " s (xargs -P4)", Ratio(b / o), "baseline/ours ≥ 0.5", b / o >= 0.5);
  ctx.Add(bench, "steps/s", Fixed(steps / o, 0), Fixed(steps / b, 0));
}

ManyJobsResult MeasureManyJobs(const Context& ctx, int jobs) {
  std::string yaml =
      "actions:\n" + ShellAction("noop", "true") + "tasks:\n" + StepsTask("one", "noop", 1, false);
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 2, 4));
  double submit = ManyJobsSubmit(cluster, "one", jobs, 4);
  std::vector<JobTimes> done = cluster.WaitAllJobs("one", 600);
  double first = done.front().created, last = 0;
  std::vector<double> latency;
  for (const JobTimes& j : done) {
    first = std::min(first, j.created);
    last = std::max(last, j.completed);
    latency.push_back(Ms(j.completed - j.created));
  }
  double base = TimeShell("seq " + std::to_string(jobs) + " | xargs -P8 -n1 sh -c true");
  return ManyJobsResult{jobs,
                        jobs / submit,
                        jobs / (last - first),
                        Percentile(latency, 50),
                        Percentile(latency, 99),
                        jobs / base};
}

void RunManyJobs(Context& ctx) {
  ManyJobsResult r = MeasureManyJobs(ctx, ctx.Size(5000, 20));
  ctx.many_jobs = r;
  const char* bench = "3 many jobs";
  ctx.Add(bench, Fixed(r.jobs, 0) + " jobs: submitted/s (4 clients)", Fixed(r.submitted_per_s, 0));
  ctx.Add(bench, "jobs finished/s", Fixed(r.finished_per_s, 0),
          Fixed(r.baseline_per_s, 0) + " (xargs -P8)", Ratio(r.finished_per_s / r.baseline_per_s));
  ctx.Add(bench, "submit→finish p50", Fixed(r.p50_ms, 1) + " ms");
  ctx.Add(bench, "submit→finish p99", Fixed(r.p99_ms, 1) + " ms");
}

void RunLongRunning(Context& ctx) {
  const int steps = ctx.Size(2000, 20), concurrency = ctx.Size(100, 10);
  std::string yaml = "actions:\n" + ShellAction("nap", "sleep 0.1") + "tasks:\n" +
                     StepsTask("long", "nap", steps, false);
  // The runner starts `sleep 0.1` without a shell (a plain command), so xargs does too.
  std::string baseline = "yes 0.1 | head -n " + std::to_string(steps) + " | xargs -P" +
                         std::to_string(concurrency) + " -n1 sleep";
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 1, concurrency));
  auto [o, b] = MedianRounds(ctx, cluster, "long", 600, 10, [&] { return TimeShell(baseline); });
  double ideal = steps * 0.1 / concurrency;
  double efficiency = ideal / o * 100, base_efficiency = ideal / b * 100;
  const char* bench = "6 long-running";
  ctx.Add(bench,
          std::to_string(steps) + " × sleep 0.1 at " + std::to_string(concurrency) +
              ", created→completed",
          Fixed(o, 2) + " s", Fixed(b, 2) + " s (xargs)", Ratio(o / b));
  ctx.Add(bench, "efficiency vs ideal " + Fixed(ideal, 1) + " s", Fixed(efficiency, 1) + " %",
          Fixed(base_efficiency, 1) + " %", "", "≥ 95 %", efficiency >= 95);
}

}  // namespace stroem::bench
