// Job checks before insertion: a bad flow is refused as a whole, never half-written.
#include <algorithm>
#include <initializer_list>
#include <map>
#include <string_view>

#include "storage/internal/sql_store.h"

namespace stroem::storage::internal {
namespace {

Result<void> CheckNamesAndDependencies(const NewJob& job, std::map<std::string, int>& indegree) {
  for (const auto& step : job.steps) {
    if (step.name.empty()) return Fail(ErrorCode::kInvalidArgument, "step name is empty");
    if (!indegree.emplace(step.name, 0).second)
      return Fail(ErrorCode::kInvalidArgument, "duplicate step name '" + step.name + "'");
  }
  for (const auto& step : job.steps) {
    for (const auto& dep : step.depends_on) {
      if (!indegree.contains(dep) || dep == step.name)
        return Fail(ErrorCode::kInvalidArgument,
                    "step '" + step.name + "' depends on unknown step '" + dep + "'");
      ++indegree[step.name];
    }
  }
  return Ok();
}

// Kahn's algorithm: every step must become free of dependencies eventually.
Result<void> CheckAcyclic(const NewJob& job, std::map<std::string, int> indegree) {
  std::multimap<std::string, std::string> dependents;
  std::vector<std::string> free;
  for (const auto& step : job.steps) {
    for (const auto& dep : step.depends_on) dependents.emplace(dep, step.name);
    if (step.depends_on.empty()) free.push_back(step.name);
  }
  size_t visited = 0;
  while (!free.empty()) {
    std::string name = std::move(free.back());
    free.pop_back();
    ++visited;
    auto [begin, end] = dependents.equal_range(name);
    for (auto it = begin; it != end; ++it)
      if (--indegree[it->second] == 0) free.push_back(it->second);
  }
  if (visited != job.steps.size())
    return Fail(ErrorCode::kInvalidArgument, "the steps' dependencies form a cycle");
  return Ok();
}

// Mode and source type are checked here rather than by the schema (PostgreSQL parses a CHECK
// constraint's stored expression again at every statement that writes the row: schema v4).
Result<void> CheckOneOf(std::string_view what, const std::string& value,
                        std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return Ok();
  std::string names;
  for (std::string_view name : allowed)
    names += std::string(names.empty() ? "" : ", ") + "'" + std::string(name) + "'";
  return Fail(ErrorCode::kInvalidArgument,
              "job " + std::string(what) + " '" + value + "' is not one of " + names);
}

}  // namespace

Result<void> ValidateNewJob(const NewJob& job) {
  if (job.task_name.empty()) return Fail(ErrorCode::kInvalidArgument, "task name is empty");
  if (auto r = CheckOneOf("mode", job.mode, {"distributed", "local"}); !r) return r;
  if (auto r = CheckOneOf("source type", job.source_type, {"trigger", "user", "api", "webhook"});
      !r)
    return r;
  std::map<std::string, int> indegree;
  if (auto r = CheckNamesAndDependencies(job, indegree); !r) return r;
  return CheckAcyclic(job, std::move(indegree));
}

}  // namespace stroem::storage::internal
