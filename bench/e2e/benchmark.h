// The end-to-end benchmarks of issue 7 and the HTTP benchmark of issue 4. Each one starts
// its own Cluster per backend, measures, and adds rows (with a baseline measured in the
// same run) to the report. `smoke` selects tiny sizes and turns off every judgement.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cluster.h"
#include "report.h"

namespace stroem::bench {

// Benchmark 3's figures, kept for the peer benchmark's comparison.
struct ManyJobsResult {
  int jobs = 0;
  double submitted_per_s = 0;
  double finished_per_s = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double baseline_per_s = 0;  // xargs -P8 sh -c true
};

struct Context {
  Binaries binaries;
  Backend backend = Backend::kSqlite;
  bool smoke = false;
  int rounds = 3;            // repetitions of the short benchmarks (medians reported)
  std::string graphile_dir;  // where graphile-worker is installed ("" skips benchmark 9)
  Report* report = nullptr;
  std::optional<ManyJobsResult> many_jobs = std::nullopt;  // set by benchmark 3 on this backend

  int Size(int full, int smoke_size) const { return smoke ? smoke_size : full; }
  // Adds a row for this backend; `met` is dropped in smoke mode.
  void Add(const std::string& bench, const std::string& metric, const std::string& value,
           const std::string& baseline = "", const std::string& ratio = "",
           const std::string& target = "", std::optional<bool> met = std::nullopt) const;
  ClusterOptions Options(const std::string& workflows, int workers, int max_concurrent) const {
    return ClusterOptions{backend, workflows, workers, max_concurrent};
  }
};

struct Benchmark {
  const char* name;     // selectable with --only
  const char* summary;  // for --list
  void (*run)(Context&);
};

const std::vector<Benchmark>& AllBenchmarks();

// Shared helpers for workflow YAML and timing.
// An action `name` running `cmd` (quoted for YAML).
std::string ShellAction(const std::string& name, const std::string& cmd);
// A task whose steps s0..s{n-1} call `action`; with `chain` each depends on the previous.
std::string StepsTask(const std::string& task, const std::string& action, int n, bool chain);
double Ms(double seconds);
// Submits `n` jobs of `task` from `clients` threads as fast as they go; returns seconds.
double ManyJobsSubmit(const Cluster& cluster, const std::string& task, int n, int clients);

// Runs one job of `task` and then `baseline` (seconds), ctx.rounds times, alternating so both
// see the machine alike; returns the medians: the job's created→completed, the baseline's.
struct RoundMedians {
  double ours = 0;
  double baseline = 0;
};
RoundMedians MedianRounds(const Context& ctx, const Cluster& cluster, const std::string& task,
                          double timeout_s, int poll_ms, const std::function<double()>& baseline);

// Benchmark 3's measurement without its rows (the peer benchmark reuses it).
ManyJobsResult MeasureManyJobs(const Context& ctx, int jobs);

// The benchmarks, one function each (bench_*.cc).
void RunSequential(Context& ctx);
void RunFanOut(Context& ctx);
void RunManyJobs(Context& ctx);
void RunDispatch(Context& ctx);
void RunDags(Context& ctx);
void RunLongRunning(Context& ctx);
void RunLogs(Context& ctx);
void RunFootprint(Context& ctx);
void RunPeer(Context& ctx);
void RunHttp(Context& ctx);

}  // namespace stroem::bench
