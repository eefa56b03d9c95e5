// The DAG of a task's flow: topological order, cycle detection with the
// cycle's path, ready-set computation and descendants (failure cascades).
// Step order is the flow's order; every result lists steps in that order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stroem::workflow {

struct Task;

enum class StepState { kPending, kReady, kRunning, kCompleted, kFailed, kSkipped, kCancelled };

class Dag {
 public:
  // `depends_on[i]` lists the steps step `names[i]` waits for. Names that are
  // not steps are ignored here (validation reports them).
  Dag(std::vector<std::string> names, const std::vector<std::vector<std::string>>& depends_on);
  static Dag FromTask(const Task& task);

  const std::vector<std::string>& steps() const { return names_; }

  // A cycle as a closed path, e.g. {"a", "b", "c", "a"}; empty when acyclic.
  // A self-dependency is {"a", "a"}.
  std::vector<std::string> FindCycle() const;

  // Kahn's algorithm, ties broken by flow order; nullopt when there is a cycle.
  std::optional<std::vector<std::string>> TopologicalOrder() const;

  // Steps that are kPending and whose dependencies are all kCompleted.
  // A step missing from `states` counts as kPending.
  std::vector<std::string> ReadySteps(const std::map<std::string, StepState>& states) const;

  // Every step that depends on `step`, directly or transitively.
  std::vector<std::string> Descendants(const std::string& step) const;

  // True when `ancestor` is reachable from `step` through depends_on.
  bool DependsOn(const std::string& step, const std::string& ancestor) const;

 private:
  int IndexOf(const std::string& name) const;
  bool FindCycleFrom(int node, std::vector<int>& color, std::vector<int>& stack,
                     std::vector<std::string>& cycle) const;

  std::vector<std::string> names_;
  std::map<std::string, int> index_;
  std::vector<std::vector<int>> deps_;        // step -> steps it waits for
  std::vector<std::vector<int>> dependents_;  // step -> steps waiting for it
};

// "pending", "ready", ... : the status strings of the API and the database.
const char* StepStateName(StepState state);
std::optional<StepState> ParseStepState(const std::string& name);

}  // namespace stroem::workflow
