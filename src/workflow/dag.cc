#include "workflow/dag.h"

#include <algorithm>
#include <queue>

#include "workflow/model.h"

namespace stroem::workflow {

Dag::Dag(std::vector<std::string> names, const std::vector<std::vector<std::string>>& depends_on)
    : names_(std::move(names)), deps_(names_.size()), dependents_(names_.size()) {
  for (size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], static_cast<int>(i));
  for (size_t i = 0; i < names_.size() && i < depends_on.size(); ++i) {
    for (const std::string& dep : depends_on[i]) {
      int d = IndexOf(dep);
      if (d < 0 || std::find(deps_[i].begin(), deps_[i].end(), d) != deps_[i].end()) continue;
      deps_[i].push_back(d);
      dependents_[d].push_back(static_cast<int>(i));
    }
  }
}

Dag Dag::FromTask(const Task& task) {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> deps;
  for (const FlowStep& step : task.flow) {
    names.push_back(step.name);
    deps.push_back(step.depends_on);
  }
  return Dag(std::move(names), deps);
}

int Dag::IndexOf(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

// Iterative colouring DFS would be longer; recursion depth is bounded by the
// number of steps, which the loader bounds by the document size.
bool Dag::FindCycleFrom(int node, std::vector<int>& color, std::vector<int>& stack,
                        std::vector<std::string>& cycle) const {
  color[node] = 1;
  stack.push_back(node);
  for (int dep : deps_[node]) {
    if (color[dep] == 1) {
      auto start = std::find(stack.begin(), stack.end(), dep);
      for (auto it = start; it != stack.end(); ++it) cycle.push_back(names_[*it]);
      cycle.push_back(names_[dep]);
      return true;
    }
    if (color[dep] == 0 && FindCycleFrom(dep, color, stack, cycle)) return true;
  }
  stack.pop_back();
  color[node] = 2;
  return false;
}

std::vector<std::string> Dag::FindCycle() const {
  std::vector<int> color(names_.size(), 0), stack;
  std::vector<std::string> cycle;
  for (size_t i = 0; i < names_.size(); ++i)
    if (color[i] == 0 && FindCycleFrom(static_cast<int>(i), color, stack, cycle)) break;
  return cycle;
}

std::optional<std::vector<std::string>> Dag::TopologicalOrder() const {
  std::vector<size_t> waiting(names_.size());
  std::priority_queue<int, std::vector<int>, std::greater<>> ready;
  for (size_t i = 0; i < names_.size(); ++i)
    if ((waiting[i] = deps_[i].size()) == 0) ready.push(static_cast<int>(i));
  std::vector<std::string> order;
  while (!ready.empty()) {
    int node = ready.top();
    ready.pop();
    order.push_back(names_[node]);
    for (int next : dependents_[node])
      if (--waiting[next] == 0) ready.push(next);
  }
  if (order.size() != names_.size()) return std::nullopt;
  return order;
}

std::vector<std::string> Dag::ReadySteps(const std::map<std::string, StepState>& states) const {
  auto state_of = [&](int i) {
    auto it = states.find(names_[i]);
    return it == states.end() ? StepState::kPending : it->second;
  };
  std::vector<std::string> out;
  for (size_t i = 0; i < names_.size(); ++i) {
    if (state_of(static_cast<int>(i)) != StepState::kPending) continue;
    bool all_done = std::all_of(deps_[i].begin(), deps_[i].end(),
                                [&](int d) { return state_of(d) == StepState::kCompleted; });
    if (all_done) out.push_back(names_[i]);
  }
  return out;
}

std::vector<std::string> Dag::Descendants(const std::string& step) const {
  int start = IndexOf(step);
  if (start < 0) return {};
  std::vector<bool> seen(names_.size(), false);
  std::vector<int> todo{start};
  while (!todo.empty()) {
    int node = todo.back();
    todo.pop_back();
    for (int next : dependents_[node])
      if (!seen[next]) seen[next] = true, todo.push_back(next);
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < names_.size(); ++i)
    if (seen[i] && static_cast<int>(i) != start) out.push_back(names_[i]);
  return out;
}

bool Dag::DependsOn(const std::string& step, const std::string& ancestor) const {
  std::vector<std::string> below = Descendants(ancestor);
  return std::find(below.begin(), below.end(), step) != below.end();
}

const char* StepStateName(StepState state) {
  switch (state) {
    case StepState::kPending:
      return "pending";
    case StepState::kReady:
      return "ready";
    case StepState::kRunning:
      return "running";
    case StepState::kCompleted:
      return "completed";
    case StepState::kFailed:
      return "failed";
    case StepState::kSkipped:
      return "skipped";
    case StepState::kCancelled:
      return "cancelled";
  }
  return "pending";
}

std::optional<StepState> ParseStepState(const std::string& name) {
  for (StepState s :
       {StepState::kPending, StepState::kReady, StepState::kRunning, StepState::kCompleted,
        StepState::kFailed, StepState::kSkipped, StepState::kCancelled})
    if (name == StepStateName(s)) return s;
  return std::nullopt;
}

}  // namespace stroem::workflow
