// Tasks: step names, action references, depends_on and cycles, and the inputs
// each step passes to its action.
#include <map>
#include <set>

#include "workflow/dag.h"
#include "workflow/internal/validate_parts.h"

namespace stroem::workflow::internal {
namespace {

// Step outputs are read in templates as <name with - as _>.output, so a step
// name must become an identifier that way.
bool IsReferenceableStepName(const std::string& name) {
  if (name.empty()) return false;
  unsigned char first = name[0];
  if (!(std::isalpha(first) || first == '_')) return false;
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '_' || c == '-')) return false;
  return true;
}

void CheckStepNames(const Task& task, const std::string& path, Diagnostics& diags) {
  std::map<std::string, const FlowStep*> by_template_name;
  for (const FlowStep& step : task.flow) {
    if (!IsReferenceableStepName(step.name)) {
      diags.Error(step.pos, path + ": step name '" + step.name +
                                "' cannot be referenced from templates: use letters, digits, '_' "
                                "and '-', starting with a letter or '_'");
      continue;
    }
    std::string tname = StepTemplateName(step.name);
    if (tname == "input" || tname == "secret" || tname == "loop")
      diags.Error(step.pos, path + ": step name '" + step.name + "' is reserved in templates");
    auto [it, inserted] = by_template_name.emplace(tname, &step);
    if (!inserted)
      diags.Error(step.pos, path + ": steps '" + it->second->name + "' and '" + step.name +
                                "' are both read as '" + tname + "' in templates");
  }
}

void CheckDependsOn(const Task& task, const std::string& path, Diagnostics& diags) {
  for (const FlowStep& step : task.flow) {
    std::set<std::string> seen;
    for (size_t i = 0; i < step.depends_on.size(); ++i) {
      const std::string& dep = step.depends_on[i];
      if (!task.FindStep(dep))
        diags.Error(step.depends_on_pos[i], path + ".flow." + step.name + " depends on '" + dep +
                                                "', which is not a step of this flow");
      else if (!seen.insert(dep).second)
        diags.Warning(step.depends_on_pos[i],
                      path + ".flow." + step.name + " lists '" + dep + "' twice in depends_on");
    }
  }
  std::vector<std::string> cycle = Dag::FromTask(task).FindCycle();
  if (cycle.empty()) return;
  std::string text;
  for (const std::string& s : cycle) text += (text.empty() ? "" : " -> ") + s;
  diags.Error(task.FindStep(cycle[0])->pos, path + " has a dependency cycle: " + text);
}

bool StepPasses(const FlowStep& step, const std::string& input) {
  for (const TemplatedValue& v : step.input)
    if (v.name == input) return true;
  return false;
}

void CheckStepAction(const Workspace& ws, const FlowStep& step, const std::string& path,
                     Diagnostics& diags) {
  if (step.action.empty()) return;
  if (step.action.find('/') != std::string::npos) {
    diags.Warning(step.action_pos,
                  path + " uses library action '" + step.action + "'; it is not checked");
    return;
  }
  const Action* action = ws.FindAction(step.action);
  if (action == nullptr) {
    diags.Error(step.action_pos, path + " uses action '" + step.action + "', which is not defined");
    return;
  }
  for (const InputField& field : action->input)
    if (field.required && !field.default_json && !StepPasses(step, field.name))
      diags.Error(step.pos, path + " does not pass input '" + field.name + "', which action '" +
                                action->name + "' requires");
  if (action->input.empty()) return;
  for (const TemplatedValue& v : step.input) {
    bool declared = false;
    for (const InputField& f : action->input) declared = declared || f.name == v.name;
    if (!declared)
      diags.Warning(v.pos, path + " passes input '" + v.name + "', which action '" + action->name +
                               "' does not declare");
  }
}

}  // namespace

void ValidateTasks(const Workspace& ws, Diagnostics& diags) {
  for (const auto& [name, task] : ws.tasks) {
    std::string path = "tasks." + name;
    CheckStepNames(task, path, diags);
    CheckDependsOn(task, path, diags);
    for (const FlowStep& step : task.flow)
      CheckStepAction(ws, step, path + ".flow." + step.name, diags);
    ValidateStepInputs(ws, task, diags);
  }
}

}  // namespace stroem::workflow::internal
