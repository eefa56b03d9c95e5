// ExecuteStep: one claimed step from start to result, on the calling thread.
//
//   run     the runner (no seed `start` call: the claim already started the step), its output streamed by a LogShipper
//   logs    wait until every chunk is acknowledged (LogShipper::Finish)
//   result  POST .../complete, retried until acknowledged (200 or duplicate) or refused;
//           it may ask for the worker's next step, which the answer then carries
// A refused attempt (409: lease expired, step given up on the server) cancels the process
// and sends no result. When `abandon` is raised (shutdown deadline), retries stop.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/worker_api.h"
#include "api/worker_client.h"
#include "common/clock.h"
#include "runner/runner.h"
#include "worker/chunk_queue.h"
#include "worker/interrupt.h"
#include "worker/worker_config.h"

namespace stroem::worker {

struct StepContext {
  const api::WorkerClient& client;
  runner::Runner& runner;
  MemoryBudget& budget;
  const Clock& clock;
  const WorkerConfig& config;
  std::string worker_id;
  std::string spool_dir;
  Interrupt& abandon;
  const Interrupt& stopping;  // raised: results ask for no next step
  std::function<void(const std::string&)> log;
};

// How a step execution ended, for logs and tests.
enum class StepEnd { kReported, kGivenUp };

// With `next`, the result asks the server for this worker's next step (unless the worker
// is stopping by then), which lands in `*next` (empty when none was ready, none was asked
// for or the result was not recorded).
StepEnd ExecuteStep(const api::ClaimedStep& step, const StepContext& ctx,
                    runner::CancelToken& cancel, std::optional<api::ClaimedStep>* next = nullptr);

// The runner's view of a claimed step (cmd/script, env, inputs, workspace).
runner::StepRun ToStepRun(const api::ClaimedStep& step, const std::string& workspace_dir);

}  // namespace stroem::worker
