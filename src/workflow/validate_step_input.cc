// Templates in flow step inputs: they see `input.*` (the job's input) and
// `<step>.output` of completed steps. Reading a step the step does not depend
// on is a race; reading an unknown name always fails at run time.
#include "workflow/dag.h"
#include "workflow/internal/template_check.h"
#include "workflow/internal/validate_parts.h"

namespace stroem::workflow::internal {
namespace {

const FlowStep* StepByTemplateName(const Task& task, const std::string& tname) {
  for (const FlowStep& s : task.flow)
    if (StepTemplateName(s.name) == tname) return &s;
  return nullptr;
}

void CheckInputVariable(const Task& task, const std::vector<std::string>& parts,
                        const std::string& field, const SourcePos& pos, Diagnostics& diags) {
  if (parts.size() > 1 && !task.FindInput(parts[1]))
    diags.Warning(pos, field + " reads input '" + parts[1] + "', which task '" + task.name +
                           "' does not declare");
}

void CheckStepVariable(const Task& task, const Dag& dag, const FlowStep& step,
                       const FlowStep& source, const std::vector<std::string>& parts,
                       const std::string& field, const SourcePos& pos, Diagnostics& diags) {
  if (source.name == step.name) {
    diags.Error(pos, field + " reads the output of its own step");
  } else if (parts.size() < 2 || parts[1] != "output") {
    diags.Error(pos, field + " reads '" + parts[0] + (parts.size() > 1 ? "." + parts[1] : "") +
                         "': a step's result is read as " + parts[0] + ".output");
  } else if (!dag.DependsOn(step.name, source.name)) {
    diags.Warning(pos, field + " reads the output of step '" + source.name +
                           "' but does not depend on it; add '" + source.name + "' to depends_on");
  }
}

void CheckValue(const Task& task, const Dag& dag, const FlowStep& step, const TemplatedValue& value,
                Diagnostics& diags) {
  std::string field = "tasks." + task.name + ".flow." + step.name + ".input." + value.name;
  auto t = ParseTemplateField(*value.text, value.pos, field, diags);
  if (!t) return;
  for (const std::string& var : t->Variables()) {
    std::vector<std::string> parts = SplitPath(var);
    if (parts[0] == "input") {
      CheckInputVariable(task, parts, field, value.pos, diags);
    } else if (const FlowStep* source = StepByTemplateName(task, parts[0])) {
      CheckStepVariable(task, dag, step, *source, parts, field, value.pos, diags);
    } else {
      diags.Error(value.pos,
                  field + " reads unknown variable '" + parts[0] +
                      "' (a step input sees input.* and <step>.output of the steps it depends on)");
    }
  }
}

}  // namespace

void ValidateStepInputs(const Workspace& ws, const Task& task, Diagnostics& diags) {
  Dag dag = Dag::FromTask(task);
  for (const FlowStep& step : task.flow)
    for (const TemplatedValue& value : step.input)
      if (value.text) CheckValue(task, dag, step, value, diags);
}

}  // namespace stroem::workflow::internal
