#include "server/job_creation.h"

namespace stroem::server {
namespace {

using workflow::InputField;

const char* KindOf(const json::value& v) {
  if (v.is_string()) return "a string";
  if (v.is_int64() || v.is_uint64()) return "an integer";
  if (v.is_double()) return "a number with a fraction";
  if (v.is_bool()) return "a boolean";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  return "null";
}

bool Fits(const json::value& v, const std::string& type) {
  if (type == "string" || type == "text") return v.is_string();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  return true;
}

std::string FieldNames(const std::vector<InputField>& fields) {
  std::string out;
  for (const InputField& f : fields) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

Result<void> CheckValue(const InputField& field, const json::value& value,
                        const std::string& what) {
  if (!Fits(value, field.type))
    return Fail(ErrorCode::kInvalidArgument, "input '" + field.name + "' of " + what + " must be " +
                                                 (field.type == "integer" ? "an " : "a ") +
                                                 field.type + ", not " + KindOf(value));
  if (field.options_json.empty()) return Ok();
  for (const std::string& option : field.options_json)
    if (json::parse(option) == value) return Ok();
  std::string allowed;
  for (const std::string& option : field.options_json)
    allowed += (allowed.empty() ? "" : ", ") + option;
  return Fail(ErrorCode::kInvalidArgument, "input '" + field.name + "' of " + what +
                                               " must be one of " + allowed + ", got " +
                                               json::serialize(value));
}

json::object InputSchemaJson(const std::vector<InputField>& fields) {
  json::object out;
  for (const InputField& f : fields) {
    json::object field{{"type", f.type}, {"required", f.required}};
    if (f.default_json) field["default"] = json::parse(*f.default_json);
    out[f.name] = std::move(field);
  }
  return out;
}

}  // namespace

Result<json::object> ApplyInputSchema(const std::vector<InputField>& fields,
                                      const json::object& input, const std::string& what) {
  for (const auto& [name, value] : input) {
    bool known = false;
    for (const InputField& f : fields) known = known || f.name == name;
    if (!known)
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown input '" + std::string(name) + "' for " + what +
                      (fields.empty() ? " (it takes no inputs)"
                                      : " (it takes: " + FieldNames(fields) + ")"));
  }
  json::object merged;
  for (const InputField& field : fields) {
    const json::value* given = input.if_contains(field.name);
    if (given && !given->is_null()) {
      auto ok = CheckValue(field, *given, what);
      if (!ok) return tl::unexpected(ok.error());
      merged[field.name] = *given;
    } else if (field.default_json) {
      merged[field.name] = json::parse(*field.default_json);
    } else if (field.required) {
      return Fail(ErrorCode::kInvalidArgument,
                  "missing required input '" + field.name + "' for " + what);
    }
  }
  return merged;
}

json::object ActionSpecJson(const workflow::Action& a) {
  json::object spec{{"type", a.type}};
  if (a.cmd) spec["cmd"] = *a.cmd;
  if (a.script) spec["script"] = *a.script;
  if (a.image) spec["image"] = *a.image;
  if (!a.command.empty()) spec["command"] = json::value_from(a.command);
  json::object env;
  for (const workflow::TemplatedValue& v : a.env) env[v.name] = v.text.value_or("");
  spec["env"] = std::move(env);
  if (a.workdir) spec["workdir"] = *a.workdir;
  if (a.cpu || a.memory) {
    json::object res;
    if (a.cpu) res["cpu"] = *a.cpu;
    if (a.memory) res["memory"] = *a.memory;
    spec["resources"] = std::move(res);
  }
  if (!a.input.empty()) spec["input"] = InputSchemaJson(a.input);
  return spec;
}

Result<storage::NewJob> BuildNewJob(const workflow::Workspace& ws, const workflow::Task& task,
                                    const json::object& input) {
  auto merged = ApplyInputSchema(task.input, input, "task '" + task.name + "'");
  if (!merged) return tl::unexpected(merged.error());
  storage::NewJob job;
  job.task_name = task.name;
  job.mode = task.mode;
  job.input_json = json::serialize(*merged);
  job.timeout = task.timeout;
  for (const workflow::FlowStep& step : task.flow) {
    const workflow::Action* action = ws.FindAction(step.action);
    if (!action) return Fail(ErrorCode::kInvalidArgument, "Action '" + step.action + "' not found");
    storage::NewStep s;
    s.name = step.name;
    s.action_name = step.action;
    s.action_type = action->type;
    s.action_image = action->image;
    s.action_spec_json = json::serialize(ActionSpecJson(*action));
    json::object step_input;
    for (const workflow::TemplatedValue& v : step.input) step_input[v.name] = json::parse(v.json);
    s.input_json = json::serialize(step_input);
    s.depends_on = step.depends_on;
    s.timeout = step.timeout ? step.timeout : action->timeout;  // the flow step's wins
    job.steps.push_back(std::move(s));
  }
  return job;
}

}  // namespace stroem::server
