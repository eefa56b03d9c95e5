// The worker API (contract §5) with its additions: long-poll claims, attempts
// with leases, numbered log chunks, idempotent results (DESIGN §6).
#include "api/compact_log_chunk.h"
#include "common/id.h"
#include "server/claim_render.h"
#include "server/job_json.h"
#include "server/json_io.h"
#include "server/routes.h"

namespace stroem::server {
namespace {

// Constant-time comparison: the time taken does not depend on where a wrong token differs.
bool SameToken(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

std::optional<HttpResponse> Unauthorized(const ServerContext& ctx, const HttpRequest& req) {
  std::string_view auth = req.Header("authorization");
  if (auth.empty()) return HttpResponse::Error(401, "Missing authorization header");
  if (!auth.starts_with("Bearer "))
    return HttpResponse::Error(401, "Invalid authorization header format");
  if (!SameToken(auth.substr(7), ctx.worker_token))
    return HttpResponse::Error(401, "Invalid worker token");
  return std::nullopt;
}

template <typename Fn>
Handler Authed(ServerContext& ctx, Fn fn) {
  return [&ctx, fn](HttpRequest& req) -> HttpResponse {
    if (auto denied = Unauthorized(ctx, req)) return *denied;
    auto body = ParseObjectBody(req);
    if (!body) return body.error();
    return fn(req, *body);
  };
}

tl::expected<std::vector<std::string>, HttpResponse> Capabilities(const json::object& body,
                                                                  bool required) {
  const json::value* caps = body.if_contains("capabilities");
  if (!caps) {
    if (required) return tl::unexpected(HttpResponse::Error(400, "missing field 'capabilities'"));
    return std::vector<std::string>{"shell"};
  }
  std::vector<std::string> out;
  bool ok = caps->is_array();
  if (ok)
    for (const json::value& c : caps->get_array()) {
      ok = ok && c.is_string();
      if (c.is_string()) out.emplace_back(c.get_string());
    }
  if (!ok)
    return tl::unexpected(HttpResponse::Error(400, "'capabilities' must be a list of strings"));
  return out;
}

tl::expected<std::string, HttpResponse> WorkerId(const json::object& body) {
  auto id = GetString(body, "worker_id");
  if (!id || !IsUuid(*id)) return tl::unexpected(HttpResponse::Error(400, "Invalid worker ID"));
  return *id;
}

// `attempt` is optional (seed workers do not send one) but must be a string when present.
tl::expected<std::optional<std::string>, HttpResponse> AttemptOf(const json::object& body) {
  const json::value* a = body.if_contains("attempt");
  if (!a || a->is_null()) return std::optional<std::string>();
  if (!a->is_string())
    return tl::unexpected(HttpResponse::Error(400, "'attempt' must be a string"));
  return std::optional<std::string>(std::string(a->get_string()));
}

HttpResponse Ok() {
  return HttpResponse::Json(200, R"({"status":"ok"})");
}
HttpResponse Duplicate() {
  return HttpResponse::Json(200, R"({"status":"ok","duplicate":true})");
}

HttpResponse Register(ServerContext& ctx, const json::object& body) {
  auto name = GetString(body, "name");
  if (!name) return HttpResponse::Error(400, "missing field 'name'");
  auto caps = Capabilities(body, true);
  if (!caps) return caps.error();
  auto id = ctx.store->RegisterWorker(*name, *caps);
  if (!id) return ErrorResponse(id.error());
  return JsonResponse(json::object{{"worker_id", *id}});
}

// The optional `attempts` a worker is running: a list of strings.
tl::expected<std::vector<std::string>, HttpResponse> RunningAttempts(const json::object& body) {
  std::vector<std::string> out;
  const json::value* attempts = body.if_contains("attempts");
  if (!attempts || attempts->is_null()) return out;
  bool ok = attempts->is_array();
  if (ok)
    for (const json::value& a : attempts->get_array()) {
      ok = ok && a.is_string();
      if (a.is_string()) out.emplace_back(a.get_string());
    }
  if (!ok) return tl::unexpected(HttpResponse::Error(400, "'attempts' must be a list of strings"));
  return out;
}

// Extends the worker's leases and answers which of its `attempts` to stop (`cancel`):
// cancelled, timed out with their job, or otherwise no longer the step's running attempt.
HttpResponse Heartbeat(ServerContext& ctx, const json::object& body) {
  auto id = WorkerId(body);
  if (!id) return id.error();
  auto attempts = RunningAttempts(body);
  if (!attempts) return attempts.error();
  // A worker that lists its attempts keeps only those alive: a claim whose answer it never
  // got must expire. Seed workers send no list and keep every lease they hold alive.
  const json::value* listed = body.if_contains("attempts");
  auto beat = listed && listed->is_array() ? ctx.store->HeartbeatAttempts(*id, *attempts)
                                           : ctx.store->Heartbeat(*id);
  if (!beat) return ErrorResponse(beat.error());
  auto stop = ctx.store->AttemptsToStop(*attempts);
  if (!stop) return ErrorResponse(stop.error());
  return JsonResponse(json::object{{"status", "ok"}, {"cancel", json::value_from(*stop)}});
}

// Applies a step result's consequences outside the store: wake claims, count.
void AfterCompletion(ServerContext& ctx, const storage::Completion& done) {
  ctx.metrics.steps_finished++;
  ctx.StepsBecameReady(done.steps_ready);
  if (done.job_finished) {
    ctx.metrics.CountJobFinished(done.job_status);
    ctx.log_activity.Notify();
  }
}

}  // namespace

HttpResponse ClaimStep(ServerContext& ctx, HttpRequest& req,
                       const json::object& body);  // claim_api.cc
// A parsed compact log chunk (log_api.cc): 200 when stored (or already stored).
HttpResponse StoreCompactChunk(ServerContext& ctx, const std::string& job,
                               const api::CompactLogChunk& chunk);
// The worker's next step, as the store claimed it with the result: rendered, or, if it
// cannot be, failed and another claimed; nothing when none is ready (claim_api.cc).
std::optional<json::object> ClaimNextStep(ServerContext& ctx, const std::string& worker,
                                          const std::vector<std::string>& caps,
                                          const HttpRequest& req,
                                          Result<std::optional<storage::Claim>> claim);
// JSON or compact body, by Content-Type (log_api.cc).
HttpResponse RecordLogs(ServerContext& ctx, const HttpRequest& req);

namespace {

HttpResponse Start(ServerContext& ctx, const HttpRequest& req, const json::object& body) {
  auto attempt = AttemptOf(body);
  if (!attempt) return attempt.error();
  const std::string& job = req.params.at("id");
  if (!IsUuid(job)) return HttpResponse::Error(404, "Job not found");
  auto started = ctx.store->StartStep(job, req.params.at("step"), *attempt);
  if (!started) return ErrorResponse(started.error());
  return Ok();
}

// A retried result whose first delivery already landed is acknowledged again.
bool AlreadyRecorded(ServerContext& ctx, const std::string& job, const std::string& step,
                     const std::optional<std::string>& attempt) {
  if (!attempt) return false;
  auto found = ctx.store->GetJobSteps(job, {step});
  if (!found) return false;
  for (const storage::Step& s : found->steps)
    if (s.step_name == step)
      return s.attempt_id == *attempt &&
             (s.status == storage::step_status::kCompleted ||
              s.status == storage::step_status::kFailed) &&
             s.error_message != std::optional<std::string>("worker lost");
  return false;
}

tl::expected<storage::StepResult, HttpResponse> ResultOf(const json::object& body) {
  storage::StepResult result;
  if (const json::value* code = body.if_contains("exit_code"); code && !code->is_null()) {
    if (!code->is_int64())
      return tl::unexpected(HttpResponse::Error(400, "'exit_code' must be an integer"));
    result.exit_code = static_cast<int>(code->get_int64());
  }
  if (const json::value* err = body.if_contains("error"); err && !err->is_null()) {
    if (!err->is_string())
      return tl::unexpected(HttpResponse::Error(400, "'error' must be a string"));
    result.error = std::string(err->get_string());
  }
  if (const json::value* out = body.if_contains("output"); out && !out->is_null())
    result.output_json = json::serialize(*out);
  return result;
}

// A result's optional "next": {"worker_id", "capabilities"?}: the worker wants its next
// step in the answer, saving the claim round trip of a slot that just became free.
struct NextRequest {
  std::string worker_id;
  std::vector<std::string> capabilities;
};

tl::expected<std::optional<NextRequest>, HttpResponse> NextOf(const json::object& body) {
  const json::value* next = body.if_contains("next");
  if (!next || next->is_null()) return std::optional<NextRequest>();
  if (!next->is_object())
    return tl::unexpected(HttpResponse::Error(400, "'next' must be an object"));
  auto worker = WorkerId(next->get_object());
  if (!worker) return tl::unexpected(worker.error());
  auto caps = Capabilities(next->get_object(), false);
  if (!caps) return tl::unexpected(caps.error());
  return NextRequest{*worker, *caps};
}

// A result's optional "logs": the step's last log chunk as a compact body, stored before
// the result. Checked whole before anything is recorded; the chunk's views point into
// `body`, which outlives the handler's use of them.
tl::expected<std::optional<api::CompactLogChunk>, HttpResponse> LogsOf(
    const json::object& body, const std::string& step, const std::optional<std::string>& attempt) {
  const json::value* logs = body.if_contains("logs");
  if (!logs || logs->is_null()) return std::optional<api::CompactLogChunk>();
  if (!logs->is_string())
    return tl::unexpected(
        HttpResponse::Error(400, "'logs' must be a compact log chunk (a string)"));
  const json::string& text = logs->get_string();
  auto chunk = api::ParseCompactLogChunk(std::string_view(text.data(), text.size()));
  if (!chunk) return tl::unexpected(HttpResponse::Error(400, "'logs': " + chunk.error().message));
  if (chunk->step != step || chunk->attempt != attempt)
    return tl::unexpected(
        HttpResponse::Error(400, "'logs' belongs to another step or attempt than the result"));
  return std::optional<api::CompactLogChunk>(std::move(*chunk));
}

HttpResponse Complete(ServerContext& ctx, const HttpRequest& req, const json::object& body) {
  auto attempt = AttemptOf(body);
  if (!attempt) return attempt.error();
  auto result = ResultOf(body);
  if (!result) return result.error();
  auto next = NextOf(body);
  if (!next) return next.error();
  const std::string& job = req.params.at("id");
  const std::string& step = req.params.at("step");
  auto logs = LogsOf(body, step, *attempt);
  if (!logs) return logs.error();
  if (!IsUuid(job)) return HttpResponse::Error(404, "Job not found");
  if (*logs) {
    HttpResponse stored = StoreCompactChunk(ctx, job, **logs);
    if (stored.status != 200) return stored;
  }
  // With "next", the store claims the worker's next step with the record.
  auto done = *next ? ctx.store->CompleteStepAndClaim(job, step, *attempt, *result,
                                                      (*next)->worker_id, (*next)->capabilities)
                    : ctx.store->CompleteStep(job, step, *attempt, *result).map([](auto d) {
                        return storage::CompletionAndClaim{d, std::optional<storage::Claim>()};
                      });
  if (!done) {
    if (done.error().code == ErrorCode::kStaleAttempt && AlreadyRecorded(ctx, job, step, *attempt))
      return Duplicate();
    return ErrorResponse(done.error());
  }
  AfterCompletion(ctx, done->done);
  ctx.AttemptFinished(*attempt);
  if (!*logs && !*next) return Ok();
  json::object answer{{"status", "ok"}};
  if (*logs) answer["logs"] = "stored";
  if (*next) {
    auto claimed =
        ClaimNextStep(ctx, (*next)->worker_id, (*next)->capabilities, req, std::move(done->next));
    answer["next"] = claimed ? json::value(std::move(*claimed)) : json::value(nullptr);
  }
  return JsonResponse(answer);
}

HttpResponse CompleteJob(ServerContext& ctx, const HttpRequest& req, const json::object& body) {
  const std::string& job = req.params.at("id");
  if (!IsUuid(job)) return HttpResponse::Error(404, "Job not found");
  std::optional<std::string> output;
  if (const json::value* out = body.if_contains("output"); out && !out->is_null())
    output = json::serialize(*out);
  auto done = ctx.store->CompleteJob(job, output);
  if (!done) return ErrorResponse(done.error());
  ctx.metrics.CountJobFinished("completed");
  ctx.log_activity.Notify();
  return Ok();
}

}  // namespace

void NotifyCompletion(ServerContext& ctx, const storage::Completion& done) {
  AfterCompletion(ctx, done);
}

void AddWorkerRoutes(Router& r, ServerContext& ctx) {
  using B = const json::object&;
  r.Add("POST", "/worker/register",
        Authed(ctx, [&ctx](HttpRequest&, B b) { return Register(ctx, b); }));
  r.Add("POST", "/worker/heartbeat",
        Authed(ctx, [&ctx](HttpRequest&, B b) { return Heartbeat(ctx, b); }));
  r.Add("POST", "/worker/jobs/claim",
        Authed(ctx, [&ctx](HttpRequest& q, B b) { return ClaimStep(ctx, q, b); }));
  r.Add("POST", "/worker/jobs/{id}/steps/{step}/start",
        Authed(ctx, [&ctx](HttpRequest& q, B b) { return Start(ctx, q, b); }));
  r.Add("POST", "/worker/jobs/{id}/steps/{step}/complete",
        Authed(ctx, [&ctx](HttpRequest& q, B b) { return Complete(ctx, q, b); }));
  r.Add("POST", "/worker/jobs/{id}/logs", [&ctx](HttpRequest& q) -> HttpResponse {
    if (auto denied = Unauthorized(ctx, q)) return *denied;
    return RecordLogs(ctx, q);
  });
  r.Add("POST", "/worker/jobs/{id}/complete",
        Authed(ctx, [&ctx](HttpRequest& q, B b) { return CompleteJob(ctx, q, b); }));
}

}  // namespace stroem::server
