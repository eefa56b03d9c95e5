// `tasks.<name>`: mode, input fields and the flow's steps.
#include "workflow/internal/parse_file.h"
#include "workflow/internal/schema.h"
#include "yaml/yaml_json.h"

namespace stroem::workflow::internal {

using yaml::JsonKind;
using yaml::ToJsonText;
namespace {

void ParseStepInput(const YamlNode& node, const std::string& path, FlowStep& step,
                    Diagnostics& diags) {
  if (!Schema(diags).ExpectMapping(node, path)) return;
  for (const YamlEntry& e : node.entries) {
    TemplatedValue value{e.key, ToJsonText(e.value), std::nullopt, e.value.pos};
    if (e.value.IsScalar() && JsonKind(e.value) == "string") value.text = e.value.text;
    step.input.push_back(std::move(value));
  }
}

FlowStep ParseStep(const YamlEntry& entry, const std::string& task_path, Diagnostics& diags) {
  Schema schema(diags);
  std::string path = task_path + ".flow." + entry.key;
  FlowStep step;
  step.name = entry.key;
  step.pos = step.action_pos = entry.key_pos;
  const YamlNode& node = entry.value;
  if (!schema.ExpectMapping(node, path, false)) return step;
  schema.RejectUnknownKeys(node, path,
                           {"action", "depends_on", "input", "description", "name", "timeout"});
  if (const YamlNode* action = Find(node, "action")) {
    step.action = schema.String(*action, path + ".action").value_or("");
    step.action_pos = action->pos;
  } else {
    diags.Error(entry.key_pos, path + " has no 'action'");
  }
  if (const YamlNode* deps = Find(node, "depends_on"))
    step.depends_on = schema.StringList(*deps, path + ".depends_on", &step.depends_on_pos)
                          .value_or(std::vector<std::string>{});
  step.depends_on_pos.resize(step.depends_on.size(), step.pos);
  if (const YamlNode* input = Find(node, "input"))
    ParseStepInput(*input, path + ".input", step, diags);
  if (const YamlNode* desc = Find(node, "description"))
    step.description = schema.String(*desc, path + ".description").value_or("");
  if (const YamlNode* timeout = Find(node, "timeout"))
    step.timeout = schema.Duration(*timeout, path + ".timeout");
  return step;
}

void ParseFlow(const YamlEntry& entry, const YamlNode* flow, const std::string& path, Task& task,
               Diagnostics& diags) {
  if (flow == nullptr) {
    diags.Error(entry.key_pos, path + " has no 'flow'");
    return;
  }
  if (!Schema(diags).ExpectMapping(*flow, path + ".flow")) return;
  if (flow->entries.empty())
    diags.Error(flow->pos, path + ".flow is empty: a task needs at least one step");
  for (const YamlEntry& step : flow->entries) task.flow.push_back(ParseStep(step, path, diags));
}

}  // namespace

Task ParseTask(const YamlEntry& entry, Diagnostics& diags) {
  Schema schema(diags);
  std::string path = "tasks." + entry.key;
  Task task;
  task.name = entry.key;
  task.pos = task.mode_pos = entry.key_pos;
  const YamlNode& node = entry.value;
  if (!schema.ExpectMapping(node, path, false)) return task;
  schema.RejectUnknownKeys(node, path, {"mode", "input", "flow", "description", "name", "timeout"});
  if (const YamlNode* mode = Find(node, "mode")) {
    task.mode = schema.String(*mode, path + ".mode").value_or("distributed");
    task.mode_pos = mode->pos;
    if (mode->IsScalar() && task.mode != "distributed" && task.mode != "local")
      diags.Error(mode->pos, path + ".mode '" + task.mode + "' is not 'distributed' or 'local'");
  }
  if (const YamlNode* input = Find(node, "input"))
    task.input = ParseInputFields(*input, path + ".input", diags);
  if (const YamlNode* desc = Find(node, "description"))
    task.description = schema.String(*desc, path + ".description").value_or("");
  if (const YamlNode* timeout = Find(node, "timeout"))
    task.timeout = schema.Duration(*timeout, path + ".timeout");
  ParseFlow(entry, Find(node, "flow"), path, task, diags);
  return task;
}

}  // namespace stroem::workflow::internal
