#include "worker/worker.h"

#include <filesystem>
#include <iostream>

#include "api/worker_client.h"
#include "common/id.h"
#include "runner/shell_runner.h"
#include "worker/chunk_queue.h"
#include "worker/interrupt.h"
#include "worker/step_executor.h"

namespace stroem::worker {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

// A busy slot: its thread, which runs one step after another while each result's answer
// brings the next, and the token that cancels the current step's process.
struct StepSlot {
  std::thread thread;
  std::unique_ptr<runner::CancelToken> cancel;  // guarded by State::mu; new for each step
  std::string attempt_json;  // guarded by State::mu; the server names attempts to stop by it
  bool done = false;         // guarded by State::mu
};

// While steps run, heartbeats also carry cancellations (cancel requests, task timeouts):
// this bounds how long a cancelled step keeps running.
constexpr std::chrono::seconds kBusyHeartbeat{1};

struct Worker::State {
  State(WorkerConfig c, WorkerOptions o)
      : config(std::move(c)),
        options(std::move(o)),
        client(config.server_url, config.worker_token),
        budget(config.log_memory_limit_bytes) {
    if (!options.log)
      options.log = [](const std::string& m) {
        std::cerr << ("stroem-worker: " + m + "\n");  // one write: lines of threads stay whole
      };
    if (!options.runner) {
      runner::ShellRunnerOptions ro;
      ro.clock = options.clock;
      own_runner = std::make_unique<runner::ShellRunner>(ro);
      options.runner = own_runner.get();
    }
  }

  WorkerConfig config;
  WorkerOptions options;
  std::unique_ptr<runner::Runner> own_runner;
  api::WorkerClient client;
  MemoryBudget budget;
  Interrupt stop;            // no new claims
  Interrupt abandon;         // shutdown deadline passed: stop retrying deliveries
  Interrupt stop_heartbeat;  // after the last step ended
  std::string spool_dir;
  bool own_spool_dir = false;
  std::unique_ptr<StepContext> ctx;
  bool claim_failing = false;  // claim loop thread only: log a failure streak once

  mutable std::mutex mu;
  std::condition_variable cv;                    // a step ended
  std::string worker_id;                         // guarded by mu
  int running = 0;                               // guarded by mu
  std::vector<std::unique_ptr<StepSlot>> slots;  // guarded by mu

  void Log(const std::string& m) const { options.log(m); }
  Result<void> Prepare();
  Result<bool> Register();
  void HeartbeatLoop();
  Result<void> Heartbeat();
  void ClaimLoop();
  bool ClaimOnce();
  void Launch(api::ClaimedStep step);
  void Assign(StepSlot& slot, const api::ClaimedStep& step);
  void RunSlot(StepSlot& slot, api::ClaimedStep step);
  void ReapFinished();
  void Drain();
  void WaitForSteps(Steady::time_point deadline);
};

Result<void> Worker::State::Prepare() {
  std::error_code ec;
  fs::create_directories(config.workspace_dir, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument,
                "cannot create workspace_dir " + config.workspace_dir + ": " + ec.message());
  spool_dir = config.log_spool_dir;
  if (spool_dir.empty()) {
    spool_dir = (fs::temp_directory_path(ec) / ("stroem-worker-" + NewUuid())).string();
    own_spool_dir = true;
  }
  fs::create_directories(spool_dir, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument,
                "cannot create log_spool_dir " + spool_dir + ": " + ec.message());
  return Ok();
}

// True once registered; false when stopped before the server answered.
Result<bool> Worker::State::Register() {
  Backoff backoff(std::chrono::milliseconds(200), std::chrono::seconds(5));
  bool logged = false;
  for (;;) {
    auto id = client.Register(config.worker_name, config.capabilities);
    if (id) {
      std::lock_guard lock(mu);
      worker_id = *id;
      Log("registered with " + config.server_url + " as " + worker_id);
      return true;
    }
    if (id.error().code != ErrorCode::kUnavailable)
      return Fail(id.error().code, "registration refused: " + id.error().message);
    if (!logged) Log("server not reachable yet, retrying: " + id.error().message);
    logged = true;
    if (!stop.WaitFor(backoff.Next())) return false;
  }
}

// One heartbeat naming the running attempts; cancels the steps the server wants stopped.
Result<void> Worker::State::Heartbeat() {
  std::vector<std::string> attempts;
  {
    std::lock_guard lock(mu);
    for (const auto& s : slots)
      if (!s->done) attempts.push_back(s->attempt_json);
  }
  auto stop = client.Heartbeat(ctx->worker_id, attempts);
  if (!stop) return tl::unexpected(stop.error());
  std::lock_guard lock(mu);
  for (const std::string& attempt : *stop)
    for (auto& s : slots)
      if (!s->done && s->attempt_json == attempt && !s->cancel->cancelled()) {
        Log("cancelling attempt " + attempt + ": the server stopped it");
        s->cancel->Cancel();
      }
  return Ok();
}

void Worker::State::HeartbeatLoop() {
  auto last = Steady::now() - std::chrono::hours(1);
  bool failing = false;
  while (!stop_heartbeat.raised()) {
    std::chrono::seconds interval(config.heartbeat_interval_secs);
    {
      std::lock_guard lock(mu);
      if (running > 0) interval = std::min<std::chrono::seconds>(interval, kBusyHeartbeat);
    }
    if (Steady::now() - last >= interval) {
      last = Steady::now();
      auto r = Heartbeat();
      if (!r && !failing) Log("heartbeat failed: " + r.error().message);
      if (r && failing) Log("heartbeat delivered again");
      failing = !r;
    }
    stop_heartbeat.WaitFor(std::chrono::milliseconds(200));
  }
}

void Worker::State::Launch(api::ClaimedStep step) {
  std::lock_guard lock(mu);
  ++running;
  slots.push_back(std::make_unique<StepSlot>());
  StepSlot* slot = slots.back().get();
  Assign(*slot, step);
  slot->thread = std::thread([this, slot, step = std::move(step)]() mutable {
    RunSlot(*slot, std::move(step));
  });
}

// Makes `step` the slot's current one. Called with mu held.
void Worker::State::Assign(StepSlot& slot, const api::ClaimedStep& step) {
  slot.attempt_json = step.attempt_json;
  slot.cancel = std::make_unique<runner::CancelToken>();
  Log("claimed " + step.job_id + "/" + step.step_name + " (attempt " + step.attempt_json + ")");
}

// Runs `step`, then each next step the results' answers bring, until one brings none or
// the worker is stopping. Called on the slot's own thread.
void Worker::State::RunSlot(StepSlot& slot, api::ClaimedStep step) {
  for (;;) {
    runner::CancelToken* cancel;
    {
      std::lock_guard lock(mu);
      cancel = slot.cancel.get();
    }
    std::optional<api::ClaimedStep> next;
    ExecuteStep(step, *ctx, *cancel, &next);
    std::lock_guard lock(mu);
    if (!next) {
      slot.done = true;
      --running;
      cv.notify_all();
      return;
    }
    Assign(slot, *next);  // even when stopping now: the server handed it to us
    step = std::move(*next);
  }
}

void Worker::State::ReapFinished() {
  std::vector<std::unique_ptr<StepSlot>> finished;
  {
    std::lock_guard lock(mu);
    for (auto& s : slots)
      if (s->done) finished.push_back(std::move(s));
    std::erase(slots, nullptr);
  }
  for (auto& s : finished) s->thread.join();
}

// One claim; false when the caller should pause before the next one.
bool Worker::State::ClaimOnce() {
  auto t0 = Steady::now();
  int free_slots;
  {
    std::lock_guard lock(mu);
    free_slots = std::max(1, config.max_concurrent - running);
  }
  // All free slots in one request: a burst of ready steps costs one round trip.
  auto claimed = client.ClaimSteps(ctx->worker_id, config.capabilities, config.claim_wait_ms,
                                   free_slots, stop.flag());
  if (!claimed) {
    if (!stop.raised() && !claim_failing)
      Log("claim failed, will retry: " + claimed.error().message);
    claim_failing = true;
    return false;
  }
  if (claim_failing) Log("claiming again");
  claim_failing = false;
  for (api::ClaimedStep& step : *claimed)
    Launch(std::move(step));  // even when stopping: the server handed them to us
  if (!claimed->empty()) return true;
  // Nothing ready. A server that held the request has already paced us.
  return Steady::now() - t0 >= std::chrono::milliseconds(config.claim_wait_ms / 2) &&
         config.claim_wait_ms > 0;
}

void Worker::State::ClaimLoop() {
  auto pause = std::max<std::chrono::milliseconds>(std::chrono::seconds(config.poll_interval_secs),
                                                   std::chrono::milliseconds(100));
  while (!stop.raised()) {
    ReapFinished();
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return running < config.max_concurrent || stop.raised(); });
    }
    if (stop.raised()) break;
    if (!ClaimOnce()) stop.WaitFor(pause);
  }
}

void Worker::State::WaitForSteps(Steady::time_point deadline) {
  std::unique_lock lock(mu);
  cv.wait_until(lock, deadline, [&] { return running == 0; });
}

void Worker::State::Drain() {
  int left;
  {
    std::lock_guard lock(mu);
    left = running;
  }
  if (left > 0)
    Log("stopping: waiting up to " + std::to_string(config.shutdown_grace_secs) + "s for " +
        std::to_string(left) + " running step(s)");
  auto grace = std::chrono::seconds(config.shutdown_grace_secs);
  WaitForSteps(Steady::now() + grace);
  {
    std::lock_guard lock(mu);
    if (running > 0) Log("grace period over: cancelling " + std::to_string(running) + " step(s)");
    for (auto& s : slots)
      if (!s->done) s->cancel->Cancel();
  }
  // Cancelled steps still deliver their logs and results; give that a bounded time.
  WaitForSteps(Steady::now() + std::max<std::chrono::seconds>(grace, std::chrono::seconds(10)));
  abandon.Raise();
  ReapFinished();
  {
    std::lock_guard lock(mu);
    for (auto& s : slots) s->thread.join();
    slots.clear();
  }
}

Worker::Worker(WorkerConfig config, WorkerOptions options)
    : state_(std::make_unique<State>(std::move(config), std::move(options))) {}

Worker::~Worker() {
  Stop();
}

void Worker::Stop() {
  state_->stop.Raise();
}

std::string Worker::worker_id() const {
  std::lock_guard lock(state_->mu);
  return state_->worker_id;
}

int Worker::running() const {
  std::lock_guard lock(state_->mu);
  return state_->running;
}

Result<void> Worker::Run() {
  State& s = *state_;
  if (auto r = s.Prepare(); !r) return r;
  auto registered = s.Register();
  if (!registered || !*registered) {
    if (s.own_spool_dir) fs::remove_all(s.spool_dir);
    return registered ? Ok() : tl::unexpected(registered.error());
  }
  s.ctx = std::make_unique<StepContext>(StepContext{s.client, *s.options.runner, s.budget,
                                                    *s.options.clock, s.config, worker_id(),
                                                    s.spool_dir, s.abandon, s.stop, s.options.log});
  std::thread heartbeat([&s] { s.HeartbeatLoop(); });
  s.ClaimLoop();
  s.Drain();
  s.stop_heartbeat.Raise();
  heartbeat.join();
  std::error_code ec;
  if (s.own_spool_dir) fs::remove_all(s.spool_dir, ec);
  s.Log("stopped");
  return Ok();
}

}  // namespace stroem::worker
