#include "worker/step_executor.h"

#include <optional>
#include <thread>

#include "common/id.h"
#include "worker/log_shipper.h"

namespace stroem::worker {
namespace {

// Delivers chunks through the worker API; classifies answers for the shipper.
class ApiChunkSender final : public ChunkSender {
 public:
  explicit ApiChunkSender(const StepContext& ctx) : ctx_(ctx) {}

  Outcome Send(const std::string& job_id, const SealedChunk& chunk,
               const std::atomic<bool>*) override {
    auto r = ctx_.client.PushCompactLogs(job_id, chunk.body);
    if (r) {
      failing_ = false;
      return Outcome::kAcked;
    }
    switch (r.error().code) {
      case ErrorCode::kStaleAttempt:
      case ErrorCode::kNotFound:
        return Outcome::kRefused;
      case ErrorCode::kUnavailable:
        if (!failing_) ctx_.log("log delivery paused, will retry: " + r.error().message);
        failing_ = true;
        return Outcome::kRetry;
      default:
        ctx_.log("log chunk " + std::to_string(chunk.seq) + " rejected: " + r.error().message);
        return Outcome::kRejected;
    }
  }

 private:
  const StepContext& ctx_;
  bool failing_ = false;  // only the shipper thread calls Send
};

// Calls `call` until it succeeds or fails for a reason other than unavailability.
template <typename Call>
auto RetryWhileUnavailable(const StepContext& ctx, const std::string& what, Call call) {
  Backoff backoff;
  bool logged = false;
  for (;;) {
    auto r = call();
    if (r || r.error().code != ErrorCode::kUnavailable) return r;
    if (!logged) ctx.log(what + " failed, retrying: " + r.error().message);
    logged = true;
    if (!ctx.abandon.WaitFor(backoff.Next())) return r;
  }
}

// Sends a chunk on its own, retrying while the server is unreachable.
bool DeliverAlone(const StepContext& ctx, ChunkSender& sender, const std::string& job_id,
                  const SealedChunk& chunk) {
  Backoff backoff;
  for (;;) {
    switch (sender.Send(job_id, chunk, ctx.abandon.flag())) {
      case ChunkSender::Outcome::kAcked:
        return true;
      case ChunkSender::Outcome::kRefused:
      case ChunkSender::Outcome::kRejected:
        return false;
      case ChunkSender::Outcome::kRetry:
        if (!ctx.abandon.WaitFor(backoff.Next())) return false;
    }
  }
}

std::string SafeName(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return out.substr(0, 60);
}

runner::StepOutcome Run(const api::ClaimedStep& step, const StepContext& ctx, LogShipper& sink,
                        runner::CancelToken& cancel) {
  if (step.action_type != "shell") {
    runner::StepOutcome outcome;
    outcome.error =
        "unsupported action type '" + step.action_type + "': this worker runs shell actions";
    return outcome;
  }
  return ctx.runner.Run(ToStepRun(step, ctx.config.workspace_dir), sink, cancel);
}

}  // namespace

runner::StepRun ToStepRun(const api::ClaimedStep& step, const std::string& workspace_dir) {
  runner::StepRun run;
  run.job_id = step.job_id;
  run.task = step.task_name;
  run.step = step.step_name;
  run.cmd = step.cmd;
  run.script = step.script;
  run.env = step.env;
  run.inputs = step.inputs;
  run.workspace_dir = workspace_dir;
  run.timeout = step.timeout;
  return run;
}

StepEnd ExecuteStep(const api::ClaimedStep& step, const StepContext& ctx,
                    runner::CancelToken& cancel, std::optional<api::ClaimedStep>* next) {
  const std::string name =
      step.job_id + "/" + step.step_name + " (attempt " + step.attempt_json + ")";
  // No `start` call: the claim already marked the step running and started its lease. A
  // step cancelled meanwhile is named by the next heartbeat (AttemptsToStop), like any
  // cancelled step, and its late result is refused as stale.
  ApiChunkSender sender(ctx);
  LogShipperOptions options;
  options.spool_path = ctx.spool_dir + "/" + SafeName(step.job_id) + "-" +
                       SafeName(step.step_name) + "-" + NewUuid() + ".spool";
  LogShipper shipper(sender, ctx.budget, ctx.clock, step.job_id, step.step_name, step.attempt_json,
                     options, [&cancel] { cancel.Cancel(); });
  runner::StepOutcome outcome = Run(step, ctx, shipper, cancel);
  std::optional<SealedChunk> last_logs;  // sent with the result
  LogShipper::FinishResult logs = shipper.Finish(&ctx.abandon, &last_logs);
  if (logs != LogShipper::FinishResult::kDelivered) {
    ctx.log("giving up " + name +
            (logs == LogShipper::FinishResult::kRefused
                 ? ": the server no longer accepts this attempt"
                 : ": shutdown deadline passed before its logs were delivered"));
    return StepEnd::kGivenUp;
  }
  api::StepResult result{step.attempt_json, outcome.exit_code, outcome.output_json, outcome.error};
  api::ResultExtras extras;
  // Asked for, the answer may carry this worker's next step (NextStepRequest).
  if (next && !ctx.stopping.raised())
    extras.next = api::NextStepRequest{ctx.worker_id, ctx.config.capabilities};
  if (last_logs) extras.logs = last_logs->body;
  auto report = [&] {
    return RetryWhileUnavailable(ctx, "result of " + name, [&] {
      return ctx.client.Complete(step.job_id, step.step_name, result, extras);
    });
  };
  auto send_logs_alone = [&] {
    if (!DeliverAlone(ctx, sender, step.job_id, *last_logs))
      ctx.log("last log lines of " + name + " not stored");
  };
  auto reported = report();
  if (!reported && extras.logs && reported.error().code == ErrorCode::kInvalidArgument) {
    // Refused with its logs (a body limit below them, say): the chunk alone, then the result.
    extras.logs.reset();
    send_logs_alone();
    reported = report();
  } else if (reported && extras.logs && !reported->logs_stored) {
    send_logs_alone();  // a server that predates logs with results recorded it without them
  }
  if (!reported) {
    ctx.log("result of " + name + " not recorded: " + reported.error().message);
    return StepEnd::kGivenUp;
  }
  ctx.log("finished " + name + " with exit code " + std::to_string(outcome.exit_code));
  if (next) *next = std::move(reported->next);
  return StepEnd::kReported;
}

}  // namespace stroem::worker
