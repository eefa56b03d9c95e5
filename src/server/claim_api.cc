// POST /worker/jobs/claim: claim, render on the server, long-poll when idle.
#include "common/id.h"
#include "common/log.h"
#include "server/claim_render.h"
#include "server/json_io.h"
#include "server/server_context.h"

namespace stroem::server {

void NotifyCompletion(ServerContext& ctx, const storage::Completion& done);  // worker_api.cc

namespace {

// A step whose templates cannot render fails at once; the claim moves on.
constexpr int kMaxRenderFailuresPerClaim = 100;

HttpResponse NothingClaimed() {
  return HttpResponse::Json(
      200, R"({"job_id":null,"step_name":null,"action_name":null,"action_type":null,)"
           R"("action_image":null,"action_spec":null,"input":null,"attempt":null,)"
           R"("timeout_ms":null})");
}

json::object ClaimedJson(const ServerContext& ctx, const storage::Claim& claim,
                         const storage::JobWithSteps& job, RenderedStep rendered) {
  const storage::Step& s = claim.step;
  json::object o{{"job_id", s.job_id},
                 {"step_name", s.step_name},
                 {"action_name", s.action_name},
                 {"action_type", s.action_type},
                 {"action_image", StringOrNull(s.action_image)},
                 {"action_spec", std::move(rendered.action_spec)},
                 {"input", std::move(rendered.input)},
                 {"attempt", claim.attempt_id},
                 {"task_name", job.job.task_name},
                 {"workspace", job.job.workspace},
                 {"lease_expires_at", FormatRfc3339(claim.lease_expires_at)},
                 {"lease_seconds", ctx.config.lease_seconds},
                 {"timeout_ms", MillisOrNull(s.timeout)}};
  return o;
}

json::object Secrets(const ServerContext& ctx) {
  json::value v = ParseStored(ctx.workspace()->secrets_json);
  return v.is_object() ? v.get_object() : json::object{};
}

// Renders the step of `claim` (the store's ClaimStep, or the claim CompleteStepAndClaim made
// with a result); nullopt when nothing was claimable. A step that fails to render is failed
// and the next one claimed in its place.
tl::expected<std::optional<json::object>, HttpResponse> TryClaim(
    ServerContext& ctx, const std::string& worker, const std::vector<std::string>& caps,
    const HttpRequest& req, Result<std::optional<storage::Claim>> claim) {
  for (int i = 0; i < kMaxRenderFailuresPerClaim; ++i) {
    if (i > 0) claim = ctx.store->ClaimStep(worker, caps);
    if (!claim) return tl::unexpected(ErrorResponse(claim.error()));
    if (!claim->has_value()) {
      ctx.ready_hint = 0;
      return std::optional<json::object>();
    }
    --ctx.ready_hint;
    const storage::Claim& c = **claim;
    auto job = LoadRenderContext(*ctx.store, ctx.job_facts, c.step);
    if (!job) return tl::unexpected(ErrorResponse(job.error()));
    auto rendered = RenderStep(*job, c.step, Secrets(ctx));
    if (rendered) {
      ctx.metrics.steps_started++;
      ctx.AttemptClaimed(c.attempt_id, c.step.job_id, c.step.step_name);
      ctx.metrics.claim_wait.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - req.received_at)
              .count());
      return ClaimedJson(ctx, c, *job, std::move(*rendered));
    }
    storage::StepResult failed{std::nullopt, std::nullopt, rendered.error().message};
    auto done = ctx.store->CompleteStep(c.step.job_id, c.step.step_name, c.attempt_id, failed);
    if (done) NotifyCompletion(ctx, *done);
  }
  return std::optional<json::object>();
}

// With `max_steps` > 1 a worker with several free slots gets up to that many
// steps in one answer: the first as the seed's fields, the others in "more".
HttpResponse WithMoreSteps(ServerContext& ctx, json::object first, int64_t max_steps,
                           const std::string& worker, const std::vector<std::string>& caps,
                           const HttpRequest& req) {
  json::array more;
  // Asking the store costs a round trip, wasted when nothing was made ready since.
  for (int64_t i = 1; i < max_steps && ctx.ready_hint.load() > 0; ++i) {
    auto next = TryClaim(ctx, worker, caps, req, ctx.store->ClaimStep(worker, caps));
    if (!next || !next->has_value()) break;
    more.push_back(std::move(**next));
  }
  if (max_steps > 1) first["more"] = std::move(more);
  return JsonResponse(first);
}

}  // namespace

std::optional<json::object> ClaimNextStep(ServerContext& ctx, const std::string& worker,
                                          const std::vector<std::string>& caps,
                                          const HttpRequest& req,
                                          Result<std::optional<storage::Claim>> claim) {
  auto claimed = TryClaim(ctx, worker, caps, req, std::move(claim));
  if (claimed) return std::move(*claimed);
  LogWarn("claim for a worker's result failed: " + claimed.error().body);
  return std::nullopt;
}

HttpResponse ClaimStep(ServerContext& ctx, HttpRequest& req, const json::object& body) {
  auto worker = GetString(body, "worker_id");
  if (!worker || !IsUuid(*worker)) return HttpResponse::Error(400, "Invalid worker ID");
  std::vector<std::string> caps{"shell"};
  if (const json::value* c = body.if_contains("capabilities"); c && c->is_array()) {
    caps.clear();
    for (const json::value& v : c->get_array())
      if (v.is_string()) caps.emplace_back(v.get_string());
  }
  int64_t wait_ms = 0;
  if (const json::value* w = body.if_contains("wait_ms"); w && !w->is_null()) {
    if (!w->is_int64() || w->get_int64() < 0)
      return HttpResponse::Error(400, "'wait_ms' must be a non-negative integer");
    wait_ms = std::min<int64_t>(w->get_int64(), ctx.config.claim_max_wait_ms);
  }
  int64_t max_steps = 1;
  if (const json::value* m = body.if_contains("max_steps"); m && !m->is_null()) {
    if (!m->is_int64() || m->get_int64() < 1)
      return HttpResponse::Error(400, "'max_steps' must be a positive integer");
    max_steps = std::min<int64_t>(m->get_int64(), 100);
  }
  uint64_t generation = ctx.steps_ready.generation();
  auto claimed = TryClaim(ctx, *worker, caps, req, ctx.store->ClaimStep(*worker, caps));
  if (!claimed) return claimed.error();
  if (claimed->has_value())
    return WithMoreSteps(ctx, std::move(**claimed), max_steps, *worker, caps, req);
  if (wait_ms == 0 || req.final_call) return NothingClaimed();
  HttpResponse wait;
  wait.retry_at = req.received_at + std::chrono::milliseconds(wait_ms);
  wait.wait_on = &ctx.steps_ready;
  wait.wait_generation = generation;
  return wait;
}

}  // namespace stroem::server
