#include "workflow/model.h"

#include <algorithm>

namespace stroem::workflow {

const FlowStep* Task::FindStep(const std::string& step) const {
  for (const FlowStep& s : flow)
    if (s.name == step) return &s;
  return nullptr;
}

const InputField* Task::FindInput(const std::string& field) const {
  for (const InputField& f : input)
    if (f.name == field) return &f;
  return nullptr;
}

const Action* Workspace::FindAction(const std::string& name) const {
  auto it = actions.find(name);
  return it == actions.end() ? nullptr : &it->second;
}

const Task* Workspace::FindTask(const std::string& name) const {
  auto it = tasks.find(name);
  return it == tasks.end() ? nullptr : &it->second;
}

std::string StepTemplateName(const std::string& step_name) {
  std::string out = step_name;
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

}  // namespace stroem::workflow
