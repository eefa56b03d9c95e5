// JSON the statements read (worker capabilities, a new job's steps) via Boost.JSON, kept to
// this one file so the rest of the storage layer compiles without it.
#include <boost/json.hpp>
#include <set>
#include <string_view>

#include "common/json_text.h"
#include "storage/internal/rows.h"

namespace stroem::storage::internal {

// By hand: every claim encodes its worker's capabilities.
std::string EncodeStringArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, v);
  }
  return out + ']';
}

std::string EncodeNewSteps(const NewJob& job, int& ready) {
  std::set<std::string_view> depended_on;  // steps that other steps wait for
  for (const NewStep& step : job.steps)
    depended_on.insert(step.depends_on.begin(), step.depends_on.end());
  boost::json::array steps;
  steps.reserve(job.steps.size());
  for (size_t i = 0; i < job.steps.size(); ++i) {
    const NewStep& step = job.steps[i];
    // A set: a dependency listed twice is still one edge (and counts once).
    const std::set<std::string_view> deps(step.depends_on.begin(), step.depends_on.end());
    ready += deps.empty() ? 1 : 0;
    boost::json::object o{{"name", step.name},
                          {"index", i},
                          {"action", step.action_name},
                          {"type", step.action_type},
                          {"spec", step.action_spec_json},
                          {"input", step.input_json},
                          {"status", deps.empty() ? step_status::kReady : step_status::kPending},
                          {"deps", deps.size()},
                          {"dependents", depended_on.count(step.name)}};
    o["image"] = step.action_image ? boost::json::value(*step.action_image) : nullptr;
    o["timeout_ms"] = step.timeout ? boost::json::value(step.timeout->count()) : nullptr;
    steps.push_back(std::move(o));
  }
  return boost::json::serialize(steps);
}

std::string EncodeDependencies(const NewJob& job) {
  boost::json::array edges;
  for (const NewStep& step : job.steps) {
    const std::set<std::string_view> deps(step.depends_on.begin(), step.depends_on.end());
    for (std::string_view dep : deps) edges.push_back(boost::json::array{step.name, dep});
  }
  return boost::json::serialize(edges);
}

Result<std::vector<std::string>> DecodeStringArray(const std::string& json) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_array())
    return Fail(ErrorCode::kInternal, "stored value is not a JSON array: " + json);
  std::vector<std::string> out;
  for (const auto& item : parsed.as_array()) {
    if (!item.is_string())
      return Fail(ErrorCode::kInternal, "stored array holds a non-string: " + json);
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace stroem::storage::internal
