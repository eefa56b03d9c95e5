#include "benchmark.h"

namespace stroem::bench {

void Context::Add(const std::string& bench, const std::string& metric, const std::string& value,
                  const std::string& baseline, const std::string& ratio, const std::string& target,
                  std::optional<bool> met) const {
  report->Add(Row{bench, BackendName(backend), metric, value, baseline, ratio, target,
                  smoke ? std::nullopt : met});
}

const std::vector<Benchmark>& AllBenchmarks() {
  static const std::vector<Benchmark> all = {
      {"sequential", "1: 40 chained `sleep 0.01` steps, one worker, vs the 40 spawned back to back",
       RunSequential},
      {"fanout", "2: 1,000 independent `true` steps, max_concurrent 4, vs xargs -P4", RunFanOut},
      {"many-jobs", "3: 5,000 one-step jobs through the API, 2 workers x 4", RunManyJobs},
      {"dispatch", "4: execute -> step process start, a job every 50 ms for 20 s", RunDispatch},
      {"dags", "5: 10,000-step fan-out/join and 2,000-step chain, and at a tenth", RunDags},
      {"long-running", "6: 2,000 x `sleep 0.1`, max_concurrent 100, vs ideal", RunLongRunning},
      {"logs", "7: one step printing 200 MB, and reading it back", RunLogs},
      {"footprint", "8: RSS idle and after many jobs, CPU per 1,000 steps", RunFootprint},
      {"peer", "9: graphile-worker on the same PostgreSQL, 5,000 jobs (PostgreSQL only)", RunPeer},
      {"http", "issue 4: wrk on GET /api/jobs/{id} and POST execute, idle RSS", RunHttp},
  };
  return all;
}

std::string ShellAction(const std::string& name, const std::string& cmd) {
  std::string quoted;
  for (char c : cmd) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return "  " + name + ":\n    type: shell\n    cmd: '" + quoted + "'\n";
}

std::string StepsTask(const std::string& task, const std::string& action, int n, bool chain) {
  std::string out = "  " + task + ":\n    flow:\n";
  for (int i = 0; i < n; ++i) {
    out += "      s" + std::to_string(i) + ": {action: " + action;
    if (chain && i > 0) out += ", depends_on: [s" + std::to_string(i - 1) + "]";
    out += "}\n";
  }
  return out;
}

double Ms(double seconds) {
  return seconds * 1000.0;
}

RoundMedians MedianRounds(const Context& ctx, const Cluster& cluster, const std::string& task,
                          double timeout_s, int poll_ms, const std::function<double()>& baseline) {
  std::vector<double> ours, base;
  for (int round = 0; round < ctx.rounds; ++round) {
    std::string id = cluster.Execute(task);
    JobTimes job = cluster.WaitJob(task, id, timeout_s, poll_ms);
    ours.push_back(job.completed - job.created);
    base.push_back(baseline());
  }
  return RoundMedians{Median(ours), Median(base)};
}

}  // namespace stroem::bench
