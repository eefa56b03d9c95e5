#include "server/claim_render.h"

#include <algorithm>
#include <optional>
#include <set>

#include "template/template.h"

namespace stroem::server {
namespace {

json::object StepInputContext(const storage::JobWithSteps& job) {
  json::object ctx;
  json::value input = ParseStored(job.job.input_json);
  ctx["input"] = input.is_object() ? input : json::object{};
  for (const storage::Step& s : job.steps) {
    if (s.status != storage::step_status::kCompleted) continue;
    std::string name = s.step_name;
    std::replace(name.begin(), name.end(), '-', '_');
    json::value output = ParseStored(s.output_json);
    ctx[name] = json::object{{"output", output.is_null() ? json::value(json::object{}) : output}};
  }
  return ctx;
}

Result<std::string> RenderField(const std::string& text, const json::object& ctx,
                                const std::string& field) {
  auto rendered = tmpl::Render(text, ctx);
  if (!rendered)
    return Fail(ErrorCode::kInvalidArgument,
                "template error in " + field + ": " + rendered.error().ToString());
  return std::move(*rendered);
}

// Fills in defaults the action declares for inputs the step did not pass.
void ApplyActionDefaults(const json::object& spec, json::object& input) {
  const json::value* schema = spec.if_contains("input");
  if (!schema || !schema->is_object()) return;
  for (const auto& [name, field] : schema->get_object()) {
    const json::value* def =
        field.is_object() ? field.get_object().if_contains("default") : nullptr;
    if (def && !input.contains(name)) input[name] = *def;
  }
}

Result<void> RenderActionSpec(json::object& spec, const json::object& ctx,
                              const std::string& step) {
  for (const char* key : {"cmd", "script"}) {
    json::value* v = spec.if_contains(key);
    if (!v || !v->is_string()) continue;
    auto r = RenderField(std::string(v->get_string()), ctx,
                         std::string(key) + " of step '" + step + "'");
    if (!r) return tl::unexpected(r.error());
    *v = *r;
  }
  json::object env;
  if (json::value* e = spec.if_contains("env"); e && e->is_object()) {
    for (const auto& [name, value] : e->get_object()) {
      if (!value.is_string()) continue;  // non-string env values are dropped (seed)
      auto r = RenderField(std::string(value.get_string()), ctx,
                           "env " + std::string(name) + " of step '" + step + "'");
      if (!r) return tl::unexpected(r.error());
      env[name] = *r;
    }
  }
  spec["env"] = std::move(env);
  return Ok();
}

// Step names a template name can stand for: `a_b` may be step `a_b` or `a-b`.
// nullopt when there are too many to list.
std::optional<std::vector<std::string>> StepNamesFor(const std::string& template_name) {
  std::vector<size_t> underscores;
  for (size_t i = 0; i < template_name.size(); ++i)
    if (template_name[i] == '_') underscores.push_back(i);
  if (underscores.size() > 6) return std::nullopt;
  std::vector<std::string> out;
  for (size_t mask = 0; mask < (size_t{1} << underscores.size()); ++mask) {
    std::string name = template_name;
    for (size_t b = 0; b < underscores.size(); ++b)
      if (mask & (size_t{1} << b)) name[underscores[b]] = '-';
    out.push_back(std::move(name));
  }
  return out;
}

// The first segment of every variable the step's input templates read, but `input`.
std::set<std::string> StepRoots(const storage::Step& step) {
  std::set<std::string> roots;
  json::value raw = ParseStored(step.input_json);
  if (!raw.is_object()) return roots;
  for (const auto& [name, value] : raw.get_object()) {
    if (!value.is_string()) continue;
    auto t = tmpl::Template::Parse(std::string(value.get_string()));
    if (!t) continue;  // rendering reports the error
    for (const std::string& var : t->Variables()) {
      std::string root = var.substr(0, var.find('.'));
      if (root != "input") roots.insert(root);
    }
  }
  return roots;
}

}  // namespace

Result<storage::JobWithSteps> LoadRenderContext(storage::Store& store, JobFactsCache& cache,
                                                const storage::Step& step) {
  std::vector<std::string> names;
  for (const std::string& root : StepRoots(step)) {
    auto candidates = StepNamesFor(root);
    if (!candidates) return store.GetJob(step.job_id);
    names.insert(names.end(), candidates->begin(), candidates->end());
  }
  if (names.empty())
    if (auto job = cache.Find(step.job_id)) return storage::JobWithSteps{std::move(*job), {}};
  auto job = store.GetJobSteps(step.job_id, names);
  if (job) cache.Remember(job->job);
  return job;
}

Result<json::object> RenderStepInput(const storage::JobWithSteps& job, const storage::Step& step) {
  json::object ctx = StepInputContext(job);
  json::value raw = ParseStored(step.input_json);
  json::object out;
  if (!raw.is_object()) return out;
  for (const auto& [name, value] : raw.get_object()) {
    if (!value.is_string()) {
      out[name] = value;
      continue;
    }
    auto r = RenderField(std::string(value.get_string()), ctx,
                         "input '" + std::string(name) + "' of step '" + step.step_name + "'");
    if (!r) return tl::unexpected(r.error());
    out[name] = *r;
  }
  return out;
}

Result<RenderedStep> RenderStep(const storage::JobWithSteps& job, const storage::Step& step,
                                const json::object& secrets) {
  auto input = RenderStepInput(job, step);
  if (!input) return tl::unexpected(input.error());
  json::value spec = ParseStored(step.action_spec_json);
  RenderedStep out{std::move(*input), spec.is_object() ? spec.get_object() : json::object{}};
  ApplyActionDefaults(out.action_spec, out.input);
  json::object ctx{{"input", out.input}};
  if (!secrets.empty()) ctx["secret"] = secrets;
  auto ok = RenderActionSpec(out.action_spec, ctx, step.step_name);
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

}  // namespace stroem::server
