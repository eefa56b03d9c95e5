// Claims + completions per second through the Store, on SQLite and (when STROEM_TEST_PG_URL
// is set, see scripts/bench-storage) PostgreSQL, with 1 and 4 clients, printed next to a raw
// SQL queue on the same database in the same run, and the raw queue's "floor" variant (what
// no Store can leave out, bench::Queue). Each row is the median of STROEM_BENCH_ROUNDS
// (default 6) rounds, each round fresh databases with the three run one after the other
// (in rotating order), so load from other processes on a shared machine hits them alike.
// No assertions: figures go to docs/performance.md. For profiling one part:
// STROEM_BENCH_ONLY=sqlite|postgres, STROEM_BENCH_CLIENTS=1|4, STROEM_BENCH_QUEUES=store (or
// raw, floor; comma-separated; a queue left out reports 0); STROEM_BENCH_JOBS=N jobs a round.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include "common/id.h"
#include "raw_queue.h"
#include "storage/store.h"

namespace {

using namespace stroem;
using namespace stroem::storage;

constexpr int kStepsPerJob = 10;

// STROEM_BENCH_JOBS=N (default 200) for longer runs.
int JobsPerRound() {
  const char* jobs = std::getenv("STROEM_BENCH_JOBS");
  return jobs && std::atoi(jobs) > 0 ? std::atoi(jobs) : 200;
}
const int kJobs = JobsPerRound();
const int kSteps = kJobs * kStepsPerJob;

void Die(const std::string& message) {
  std::fprintf(stderr, "storage bench: %s\n", message.c_str());
  std::exit(1);
}

void LoadJobs(Store& store) {
  NewJob job;
  job.task_name = "bench";
  for (int s = 0; s < kStepsPerJob; ++s) {
    NewStep& step = job.steps.emplace_back();
    step.name = "s" + std::to_string(s);
    step.action_name = "a";
  }
  for (int j = 0; j < kJobs; ++j)
    if (auto r = store.CreateJob(job); !r) Die(r.error().message);
}

void Client(Store& store) {
  const std::string worker = store.RegisterWorker("bench", {"shell"}).value();
  const StepResult ok{0, "{}", std::nullopt};
  for (;;) {
    auto claim = store.ClaimStep(worker, {"shell"});
    if (!claim) Die(claim.error().message);
    if (!*claim) return;
    const Step& step = (*claim)->step;
    auto done = store.CompleteStep(step.job_id, step.step_name, (*claim)->attempt_id, ok);
    if (!done) Die(done.error().message);
  }
}

double StoreQueue(const std::string& url, int clients) {
  auto store = OpenStore(url, SystemClock::Instance(), StoreOptions{.pool_size = clients});
  if (!store) Die(store.error().message);
  LoadJobs(**store);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) threads.emplace_back([&] { Client(**store); });
  for (auto& t : threads) t.join();
  return kSteps / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Round {
  double store = 0;
  double raw = 0;
  double floor = 0;  // bench::Queue::kFloor
};

// STROEM_BENCH_ONLY=sqlite|postgres runs one backend (for profiling one of them).
bool Runs(const char* backend) {
  const char* only = std::getenv("STROEM_BENCH_ONLY");
  return !only || !*only || std::string(only) == backend;
}

// STROEM_BENCH_CLIENTS=N runs only the rows with N clients.
bool RunsClients(int clients) {
  const char* only = std::getenv("STROEM_BENCH_CLIENTS");
  return !only || !*only || std::atoi(only) == clients;
}

// STROEM_BENCH_QUEUES=store,raw,floor (any of them) runs only those queues.
bool RunsQueue(const char* queue) {
  const char* only = std::getenv("STROEM_BENCH_QUEUES");
  return !only || !*only || std::string(only).find(queue) != std::string::npos;
}

int Rounds() {
  const char* rounds = std::getenv("STROEM_BENCH_ROUNDS");
  return rounds && std::atoi(rounds) > 0 ? std::atoi(rounds) : 6;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// "median % (min–max)" of the per-round ratios a/b.
std::string Ratio(const std::vector<Round>& rounds, double Round::*a, double Round::*b) {
  std::vector<double> ratio;
  for (const Round& r : rounds) ratio.push_back(100.0 * r.*a / r.*b);
  char out[64];
  std::snprintf(out, sizeof out, "%3.0f %% (%.0f–%.0f)", Median(ratio),
                *std::min_element(ratio.begin(), ratio.end()),
                *std::max_element(ratio.begin(), ratio.end()));
  return out;
}

double MedianOf(const std::vector<Round>& rounds, double Round::*field) {
  std::vector<double> values;
  for (const Round& r : rounds) values.push_back(r.*field);
  return Median(values);
}

// Medians over the rounds; each ratio is the median of the per-round ratios.
void Report(const char* backend, int clients, const std::vector<Round>& rounds) {
  std::printf("| %-10s | %7d | %11.0f | %8.0f | %10.0f | %-18s | %-18s | %-18s |\n", backend,
              clients, MedianOf(rounds, &Round::store), MedianOf(rounds, &Round::raw),
              MedianOf(rounds, &Round::floor), Ratio(rounds, &Round::store, &Round::raw).c_str(),
              Ratio(rounds, &Round::floor, &Round::raw).c_str(),
              Ratio(rounds, &Round::store, &Round::floor).c_str());
  std::fflush(stdout);
}

// Runs the Store, the raw queue and the floor queue one after the other, starting with the
// `first`-th (rotating): whichever runs first on a new database meets its warm-up (on
// PostgreSQL the first second of a new database's round trips took 2-3x longer).
Round Rotated(int first, const std::function<double()>& store, const std::function<double()>& raw,
              const std::function<double()>& floor) {
  Round round;
  double* slots[] = {&round.store, &round.raw, &round.floor};
  const std::function<double()>* runs[] = {&store, &raw, &floor};
  const char* names[] = {"store", "raw", "floor"};
  for (int i = 0; i < 3; ++i)
    if (RunsQueue(names[(first + i) % 3])) *slots[(first + i) % 3] = (*runs[(first + i) % 3])();
  return round;
}

Round SqliteRound(const std::filesystem::path& dir, int clients, int first) {
  const std::string path = (dir / ("bench-" + NewUuid() + ".db")).string();
  const std::string floor_path = path + ".floor";  // the raw and floor tables share names
  return Rotated(
      first, [&] { return StoreQueue("sqlite:" + path, clients); },
      [&] {
        return bench::RawSqliteQueue(path, kSteps, kStepsPerJob, clients, bench::Queue::kRaw);
      },
      [&] {
        return bench::RawSqliteQueue(floor_path, kSteps, kStepsPerJob, clients,
                                     bench::Queue::kFloor);
      });
}

Round PostgresRound(const std::string& admin, int clients, int first) {
  const std::string db = "stroem_bench_" + NewUuid().substr(0, 8);
  const std::string base = admin.substr(0, admin.rfind('/') + 1);
  bench::PostgresAdmin(admin, "CREATE DATABASE " + db);
  bench::PostgresAdmin(admin, "CREATE DATABASE " + db + "_floor");
  const Round round = Rotated(
      first, [&] { return StoreQueue(base + db, clients); },
      [&] {
        return bench::RawPostgresQueue(base + db, kSteps, kStepsPerJob, clients,
                                       bench::Queue::kRaw);
      },
      [&] {
        return bench::RawPostgresQueue(base + db + "_floor", kSteps, kStepsPerJob, clients,
                                       bench::Queue::kFloor);
      });
  bench::PostgresAdmin(admin, "DROP DATABASE " + db + " WITH (FORCE)");
  bench::PostgresAdmin(admin, "DROP DATABASE " + db + "_floor WITH (FORCE)");
  return round;
}

template <typename RoundFn>
void Row(const char* backend, int clients, RoundFn round) {
  std::vector<Round> rounds;
  for (int i = 0; i < Rounds(); ++i) rounds.push_back(round(clients, i % 3));
  Report(backend, clients, rounds);
}

}  // namespace

int main() {
  const auto dir = std::filesystem::temp_directory_path() / ("stroem-bench-" + NewUuid());
  std::filesystem::create_directories(dir);
  std::printf("%d steps (%d jobs x %d independent steps), claim + complete per second\n\n", kSteps,
              kJobs, kStepsPerJob);
  std::printf(
      "medians of %d rounds; ratios: median (min–max) of the per-round ratios;\n"
      "floor: the raw queue plus an attempt index and a job-row update per completion\n\n",
      Rounds());
  std::printf(
      "| backend    | clients | Store ops/s | raw ops/s | floor ops/s | Store/raw        "
      "| floor/raw        | Store/floor      |\n");
  std::printf(
      "|------------|---------|-------------|-----------|-------------|------------------"
      "|------------------|------------------|\n");
  if (Runs("sqlite"))
    for (int clients : {1, 4})
      if (RunsClients(clients))
        Row("SQLite", clients, [&](int c, int first) { return SqliteRound(dir, c, first); });
  const char* pg = std::getenv("STROEM_TEST_PG_URL");
  if (Runs("postgres") && pg && *pg) {
    for (int clients : {1, 4})
      if (RunsClients(clients))
        Row("PostgreSQL", clients, [&](int c, int first) { return PostgresRound(pg, c, first); });
  } else if (Runs("postgres"))
    std::printf("(PostgreSQL skipped: STROEM_TEST_PG_URL unset; use scripts/bench-storage)\n");
  std::filesystem::remove_all(dir);
}
