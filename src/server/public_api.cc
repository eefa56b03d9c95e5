// The public API (contract §4): tasks, job creation, jobs, logs, workers.
#include <charconv>

#include "common/id.h"
#include "server/job_creation.h"
#include "server/job_json.h"
#include "server/json_io.h"
#include "server/log_streams.h"
#include "server/routes.h"

namespace stroem::server {
namespace {

json::object InputFieldsJson(const std::vector<workflow::InputField>& fields) {
  json::object out;
  for (const workflow::InputField& f : fields) {
    json::object field{{"type", f.type}, {"required", f.required}};
    if (f.default_json) field["default"] = json::parse(*f.default_json);
    if (!f.options_json.empty()) {
      json::array options;
      for (const std::string& o : f.options_json) options.push_back(json::parse(o));
      field["options"] = std::move(options);
    }
    if (!f.description.empty()) field["description"] = f.description;
    out[f.name] = std::move(field);
  }
  return out;
}

json::object TaskDetailJson(const workflow::Task& task) {
  json::object flow;
  for (const workflow::FlowStep& s : task.flow) {
    json::object input;
    for (const workflow::TemplatedValue& v : s.input) input[v.name] = json::parse(v.json);
    flow[s.name] = json::object{{"action", s.action},
                                {"depends_on", json::value_from(s.depends_on)},
                                {"input", std::move(input)}};
  }
  json::object o{{"name", task.name},
                 {"mode", task.mode},
                 {"input", InputFieldsJson(task.input)},
                 {"flow", std::move(flow)}};
  if (!task.description.empty()) o["description"] = task.description;
  return o;
}

HttpResponse ListTasks(ServerContext& ctx) {
  json::array out;
  for (const auto& [name, task] : ctx.workspace()->tasks) {
    json::object t{{"name", name}, {"mode", task.mode}};
    if (!task.description.empty()) t["description"] = task.description;
    out.push_back(std::move(t));
  }
  return JsonResponse(out);
}

HttpResponse GetTask(ServerContext& ctx, const HttpRequest& req) {
  auto ws = ctx.workspace();
  const workflow::Task* task = ws->FindTask(req.params.at("name"));
  if (!task) return HttpResponse::Error(404, "Task not found");
  return JsonResponse(TaskDetailJson(*task));
}

HttpResponse ExecuteTask(ServerContext& ctx, const HttpRequest& req) {
  auto ws = ctx.workspace();
  const workflow::Task* task = ws->FindTask(req.params.at("name"));
  if (!task) return HttpResponse::Error(404, "Task not found");
  auto body = ParseObjectBody(req);
  if (!body) return body.error();
  for (const auto& [key, value] : *body)
    if (key != "input")
      return HttpResponse::Error(
          400, "unknown field '" + std::string(key) + "' in request body (expected 'input')");
  json::object input;
  if (const json::value* in = body->if_contains("input"); in && !in->is_null()) {
    if (!in->is_object()) return HttpResponse::Error(400, "'input' must be a JSON object");
    input = in->get_object();
  }
  auto job = BuildNewJob(*ws, *task, input);
  if (!job) return ErrorResponse(job.error());
  auto created = ctx.store->CreateJob(*job);
  if (!created) return ErrorResponse(created.error());
  ctx.job_facts.Remember(created->job_id, job->workspace, job->task_name, job->input_json);
  ctx.metrics.jobs_created++;
  ctx.StepsBecameReady(created->steps_ready);
  return JsonResponse(json::object{{"job_id", created->job_id}});
}

// Reads a non-negative integer query parameter within [min, max].
tl::expected<int, HttpResponse> IntParam(const HttpRequest& req, const char* name, int fallback,
                                         int min, int max) {
  auto text = req.Query(name);
  if (!text) return fallback;
  int value = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || p != text->data() + text->size() || value < min || value > max)
    return tl::unexpected(
        HttpResponse::Error(400, std::string("'") + name + "' must be an integer from " +
                                     std::to_string(min) + " to " + std::to_string(max)));
  return value;
}

HttpResponse ListJobs(ServerContext& ctx, const HttpRequest& req) {
  storage::JobFilter filter;
  auto limit = IntParam(req, "limit", 50, 1, 1000);
  if (!limit) return limit.error();
  auto offset = IntParam(req, "offset", 0, 0, 1'000'000'000);
  if (!offset) return offset.error();
  filter.limit = *limit;
  filter.offset = *offset;
  filter.workspace = req.Query("workspace");
  filter.task_name = req.Query("task");
  filter.status = req.Query("status");
  if (filter.status && *filter.status != "pending" && *filter.status != "running" &&
      !IsTerminalJobStatus(*filter.status))
    return HttpResponse::Error(
        400, "'status' must be one of pending, running, completed, failed, cancelled");
  auto jobs = ctx.store->ListJobs(filter);
  if (!jobs) return ErrorResponse(jobs.error());
  json::array out;
  for (const storage::Job& j : *jobs) out.push_back(JobSummaryJson(j));
  return JsonResponse(out);
}

// The job for /api/jobs/{id}...: 400 for a malformed id, 404 when unknown.
tl::expected<storage::JobWithSteps, HttpResponse> FindJob(ServerContext& ctx,
                                                          const HttpRequest& req) {
  const std::string& id = req.params.at("id");
  if (!IsUuid(id)) return tl::unexpected(HttpResponse::Error(400, "Invalid job ID"));
  auto job = ctx.store->GetJob(id);
  if (!job) return tl::unexpected(ErrorResponse(job.error()));
  return std::move(*job);
}

HttpResponse GetJob(ServerContext& ctx, const HttpRequest& req) {
  auto job = FindJob(ctx, req);
  if (!job) return job.error();
  return JsonResponse(JobDetailJson(*job));
}

// The optional ?step= filter: 404 when the job has no such step.
tl::expected<std::optional<std::string>, HttpResponse> StepFilter(const storage::JobWithSteps& job,
                                                                  const HttpRequest& req) {
  auto step = req.Query("step");
  if (!step) return std::optional<std::string>();
  for (const storage::Step& s : job.steps)
    if (s.step_name == *step) return step;
  return tl::unexpected(HttpResponse::Error(404, "Step not found: " + *step));
}

HttpResponse GetLogs(ServerContext& ctx, const HttpRequest& req, bool live) {
  auto job = FindJob(ctx, req);
  if (!job) return job.error();
  auto step = StepFilter(*job, req);
  if (!step) return step.error();
  HttpResponse resp;
  if (live) {
    resp.content_type = "text/event-stream";
    resp.headers.emplace_back("Cache-Control", "no-cache");
    resp.stream = MakeLogEventBody(ctx, job->job.job_id, *step);
  } else {
    resp.stream = MakeLogTextBody(ctx, job->job.job_id, *step);
  }
  return resp;
}

// POST /api/jobs/{id}/cancel. Running steps are killed by their workers, who learn it from
// their next heartbeat (AttemptsToStop); log streams of the job end now.
HttpResponse CancelJob(ServerContext& ctx, const HttpRequest& req) {
  const std::string& id = req.params.at("id");
  if (!IsUuid(id)) return HttpResponse::Error(400, "Invalid job ID");
  auto cancelled = ctx.store->CancelJob(id);
  if (!cancelled) return ErrorResponse(cancelled.error());
  ctx.metrics.CountJobFinished(std::string(storage::job_status::kCancelled));
  ctx.log_activity.Notify();
  return JsonResponse(json::object{{"job_id", id},
                                   {"status", storage::job_status::kCancelled},
                                   {"steps_cancelled", cancelled->steps_cancelled}});
}

HttpResponse ListWorkers(ServerContext& ctx) {
  auto workers = ctx.store->ListWorkers();
  if (!workers) return ErrorResponse(workers.error());
  json::array out;
  for (const storage::Worker& w : *workers)
    out.push_back(json::object{{"worker_id", w.worker_id},
                               {"name", w.name},
                               {"capabilities", json::value_from(w.capabilities)},
                               {"status", w.status},
                               {"last_heartbeat", TimeOrNull(w.last_heartbeat)},
                               {"registered_at", FormatRfc3339(w.registered_at)}});
  return JsonResponse(out);
}

}  // namespace

void AddPublicRoutes(Router& r, ServerContext& ctx) {
  r.Add("GET", "/api/tasks", [&ctx](HttpRequest&) { return ListTasks(ctx); });
  r.Add("GET", "/api/tasks/{name}", [&ctx](HttpRequest& req) { return GetTask(ctx, req); });
  r.Add("POST", "/api/tasks/{name}/execute",
        [&ctx](HttpRequest& req) { return ExecuteTask(ctx, req); });
  r.Add("GET", "/api/jobs", [&ctx](HttpRequest& req) { return ListJobs(ctx, req); });
  r.Add("GET", "/api/jobs/{id}", [&ctx](HttpRequest& req) { return GetJob(ctx, req); });
  r.Add("GET", "/api/jobs/{id}/logs",
        [&ctx](HttpRequest& req) { return GetLogs(ctx, req, false); });
  r.Add("GET", "/api/jobs/{id}/logs/stream",
        [&ctx](HttpRequest& req) { return GetLogs(ctx, req, true); });
  r.Add("POST", "/api/jobs/{id}/cancel", [&ctx](HttpRequest& req) { return CancelJob(ctx, req); });
  r.Add("GET", "/api/workers", [&ctx](HttpRequest&) { return ListWorkers(ctx); });
}

}  // namespace stroem::server
