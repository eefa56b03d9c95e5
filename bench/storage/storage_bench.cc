// Claims + completions per second through the Store, on SQLite and (when STROEM_TEST_PG_URL
// is set, see scripts/bench-storage) PostgreSQL, with 1 and 4 clients, printed next to a raw
// SQL queue on the same database in the same run. Each row is the median of
// STROEM_BENCH_ROUNDS (default 6) rounds, each round a fresh database with the Store and
// the raw queue run one after the other (in alternating order), so load from other
// processes on a shared machine hits both alike. No assertions: figures go to
// docs/performance.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "common/id.h"
#include "raw_queue.h"
#include "storage/store.h"

namespace {

using namespace stroem;
using namespace stroem::storage;

constexpr int kJobs = 200;
constexpr int kStepsPerJob = 10;
constexpr int kSteps = kJobs * kStepsPerJob;

void Die(const std::string& message) {
  std::fprintf(stderr, "storage bench: %s\n", message.c_str());
  std::exit(1);
}

void LoadJobs(Store& store) {
  NewJob job;
  job.task_name = "bench";
  for (int s = 0; s < kStepsPerJob; ++s)
    job.steps.push_back(NewStep{"s" + std::to_string(s), "a", "shell", {}, "{}", "{}", {}});
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
};

// STROEM_BENCH_ONLY=sqlite|postgres runs one backend (for profiling one of them).
bool Runs(const char* backend) {
  const char* only = std::getenv("STROEM_BENCH_ONLY");
  return !only || !*only || std::string(only) == backend;
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

// Medians over the rounds; the ratio is the median of the per-round ratios.
void Report(const char* backend, int clients, const std::vector<Round>& rounds) {
  std::vector<double> store, raw, ratio;
  for (const Round& r : rounds) {
    store.push_back(r.store);
    raw.push_back(r.raw);
    ratio.push_back(100.0 * r.store / r.raw);
  }
  std::printf("| %-10s | %7d | %12.0f | %12.0f | %5.0f %% (%.0f–%.0f) |\n", backend, clients,
              Median(store), Median(raw), Median(ratio),
              *std::min_element(ratio.begin(), ratio.end()),
              *std::max_element(ratio.begin(), ratio.end()));
  std::fflush(stdout);
}

// Runs the Store and the raw queue, in the order `store_first`: whichever runs first on a
// new database meets its warm-up (on PostgreSQL the first second of a new database's
// round trips took 2-3x longer), so rounds alternate the order.
template <typename StoreFn, typename RawFn>
Round InOrder(bool store_first, StoreFn store, RawFn raw) {
  Round round;
  if (store_first) round.store = store();
  round.raw = raw();
  if (!store_first) round.store = store();
  return round;
}

Round SqliteRound(const std::filesystem::path& dir, int clients, bool store_first) {
  const std::string path = (dir / ("bench-" + NewUuid() + ".db")).string();
  return InOrder(
      store_first, [&] { return StoreQueue("sqlite:" + path, clients); },
      [&] { return bench::RawSqliteQueue(path, kSteps, clients); });
}

Round PostgresRound(const std::string& admin, int clients, bool store_first) {
  const std::string db = "stroem_bench_" + NewUuid().substr(0, 8);
  bench::PostgresAdmin(admin, "CREATE DATABASE " + db);
  const std::string url = admin.substr(0, admin.rfind('/') + 1) + db;
  const Round round = InOrder(
      store_first, [&] { return StoreQueue(url, clients); },
      [&] { return bench::RawPostgresQueue(url, kSteps, clients); });
  bench::PostgresAdmin(admin, "DROP DATABASE " + db + " WITH (FORCE)");
  return round;
}

template <typename RoundFn>
void Row(const char* backend, int clients, RoundFn round) {
  std::vector<Round> rounds;
  for (int i = 0; i < Rounds(); ++i) rounds.push_back(round(clients, i % 2 == 0));
  Report(backend, clients, rounds);
}

}  // namespace

int main() {
  const auto dir = std::filesystem::temp_directory_path() / ("stroem-bench-" + NewUuid());
  std::filesystem::create_directories(dir);
  std::printf("%d steps (%d jobs x %d independent steps), claim + complete per second\n\n", kSteps,
              kJobs, kStepsPerJob);
  std::printf("medians of %d rounds; Store/raw: median (min–max) of the per-round ratios\n\n",
              Rounds());
  std::printf("| backend    | clients | Store ops/s  | raw SQL ops/s | Store/raw |\n");
  std::printf("|------------|---------|--------------|--------------|-----------|\n");
  if (Runs("sqlite"))
    for (int clients : {1, 4})
      Row("SQLite", clients, [&](int c, bool first) { return SqliteRound(dir, c, first); });
  const char* pg = std::getenv("STROEM_TEST_PG_URL");
  if (Runs("postgres") && pg && *pg)
    for (int clients : {1, 4})
      Row("PostgreSQL", clients, [&](int c, bool first) { return PostgresRound(pg, c, first); });
  else if (Runs("postgres"))
    std::printf("(PostgreSQL skipped: STROEM_TEST_PG_URL unset; use scripts/bench-storage)\n");
  std::filesystem::remove_all(dir);
}
