#include "server/job_json.h"

#include <algorithm>

#include "server/claim_render.h"

namespace stroem::server {
namespace {

json::object StepJson(const storage::JobWithSteps& job, const storage::Step& s) {
  json::object o{{"step_name", s.step_name},
                 {"action_name", s.action_name},
                 {"action_type", s.action_type},
                 {"action_image", StringOrNull(s.action_image)},
                 {"status", s.status},
                 {"worker_id", StringOrNull(s.worker_id)},
                 {"started_at", TimeOrNull(s.started_at)},
                 {"completed_at", TimeOrNull(s.completed_at)},
                 {"error_message", StringOrNull(s.error_message)}};
  // Inputs are shown rendered once the step has started; before that they
  // may still depend on outputs that do not exist yet.
  json::value input = nullptr;
  if (s.attempt > 0) {
    auto rendered = RenderStepInput(job, s);
    if (rendered) input = std::move(*rendered);
  }
  o["input"] = std::move(input);
  o["output"] = ParseStored(s.output_json);
  o["exit_code"] = s.exit_code ? json::value(*s.exit_code) : json::value(nullptr);
  o["attempt"] = s.attempt;
  o["depends_on"] = json::value_from(s.depends_on);
  o["timeout_ms"] = MillisOrNull(s.timeout);
  return o;
}

}  // namespace

bool IsTerminalJobStatus(const std::string& status) {
  return status == storage::job_status::kCompleted || status == storage::job_status::kFailed ||
         status == storage::job_status::kCancelled;
}

json::object JobSummaryJson(const storage::Job& j) {
  return json::object{{"job_id", j.job_id},
                      {"workspace", j.workspace},
                      {"task_name", j.task_name},
                      {"mode", j.mode},
                      {"status", j.status},
                      {"source_type", j.source_type},
                      {"source_id", StringOrNull(j.source_id)},
                      {"created_at", FormatRfc3339(j.created_at)},
                      {"started_at", TimeOrNull(j.started_at)},
                      {"completed_at", TimeOrNull(j.completed_at)}};
}

json::object JobDetailJson(const storage::JobWithSteps& job) {
  json::object o = JobSummaryJson(job.job);
  o["input"] = ParseStored(job.job.input_json);
  o["output"] = ParseStored(job.job.output_json);
  o["timeout_ms"] = MillisOrNull(job.job.timeout);
  o["deadline_at"] = TimeOrNull(job.job.deadline_at);
  std::vector<const storage::Step*> steps;
  for (const storage::Step& s : job.steps) steps.push_back(&s);
  // The seed orders steps by name.
  std::sort(steps.begin(), steps.end(),
            [](auto* a, auto* b) { return a->step_name < b->step_name; });
  json::array arr;
  for (const storage::Step* s : steps) arr.push_back(StepJson(job, *s));
  o["steps"] = std::move(arr);
  return o;
}

}  // namespace stroem::server
