// 5. Wide and deep DAGs: creation and completion time at full size and at a tenth.
#include <chrono>
#include <cstdlib>

#include "benchmark.h"

namespace stroem::bench {
namespace {

// a → m0..m{n-3} → z: a fan-out then a join, n steps in all.
std::string WideTask(const std::string& task, int n) {
  std::string out = "  " + task + ":\n    flow:\n      a: {action: noop}\n";
  std::string join;
  for (int i = 0; i < n - 2; ++i) {
    out += "      m" + std::to_string(i) + ": {action: noop, depends_on: [a]}\n";
    join += (i ? ", m" : "m") + std::to_string(i);
  }
  return out + "      z: {action: noop, depends_on: [" + join + "]}\n";
}

struct Timing {
  double create = 0;    // POST execute round trip
  double complete = 0;  // created_at → completed_at; the budget when unfinished
  int done = 0;         // steps completed when the budget ran out (0: finished)
};

// Seconds a full-size job may take before it is reported unfinished (keeps the suite bounded).
double Budget() {
  const char* s = std::getenv("STROEM_BENCH_DAG_BUDGET_S");
  return s ? std::atof(s) : 120;
}

Timing RunOne(const Cluster& cluster, const std::string& task) {
  auto start = std::chrono::steady_clock::now();
  std::string id = cluster.Execute(task);
  double create = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (auto job = cluster.TryWaitJob(task, id, Budget(), 20))
    return Timing{create, job->completed - job->created, 0};
  int done = 0;
  boost::json::value detail = cluster.GetJson("/api/jobs/" + id);
  for (const boost::json::value& step : detail.at("steps").as_array())
    done += step.at("status") == "completed";
  return Timing{create, Budget(), std::max(done, 1)};
}

void Compare(Context& ctx, const std::string& shape, int n, Timing full, Timing tenth) {
  const char* bench = "5 DAGs";
  double create_growth = full.create / tenth.create,
         complete_growth = full.complete / tenth.complete;
  ctx.Add(bench, shape + " " + std::to_string(n) + " creation (vs " + std::to_string(n / 10) + ")",
          Fixed(Ms(full.create), 0) + " ms", Fixed(Ms(tenth.create), 1) + " ms",
          Ratio(create_growth), "≤ 12×", create_growth <= 12);
  std::string label =
      shape + " " + std::to_string(n) + " completion (vs " + std::to_string(n / 10) + ")";
  if (full.done) {  // unfinished within the budget: the growth is at least this
    ctx.Add(bench, label,
            "> " + Fixed(full.complete, 0) + " s (" + Fixed(full.done, 0) + " steps done)",
            Fixed(tenth.complete, 3) + " s", "> " + Ratio(complete_growth), "≤ 12×", false);
    ctx.Add(bench, shape + " " + std::to_string(n) + " steps/s (so far)",
            Fixed(full.done / full.complete, 0), Fixed(n / 10 / tenth.complete, 0));
    return;
  }
  ctx.Add(bench, label, Fixed(full.complete, 2) + " s", Fixed(tenth.complete, 3) + " s",
          Ratio(complete_growth), "≤ 12×", complete_growth <= 12);
  ctx.Add(bench, shape + " " + std::to_string(n) + " steps/s", Fixed(n / full.complete, 0),
          Fixed(n / 10 / tenth.complete, 0));
}

}  // namespace

void RunDags(Context& ctx) {
  const int wide = ctx.Size(10000, 100), deep = ctx.Size(2000, 20);
  std::string yaml = "actions:\n" + ShellAction("noop", "true") + "tasks:\n" +
                     WideTask("wide", wide) + WideTask("wide10", wide / 10) +
                     StepsTask("deep", "noop", deep, true) +
                     StepsTask("deep10", "noop", deep / 10, true);
  // A fresh installation per job: an unfinished job must not delay the next one.
  auto run = [&](const std::string& task) {
    Cluster cluster(ctx.binaries, ctx.Options(yaml, 1, 4));
    return RunOne(cluster, task);
  };
  Timing wide10 = run("wide10");
  Timing wide_full = run("wide");
  Compare(ctx, "fan-out/join", wide, wide_full, wide10);
  Timing deep10 = run("deep10");
  Timing deep_full = run("deep");
  Compare(ctx, "chain", deep, deep_full, deep10);
}

}  // namespace stroem::bench
