#include "runner/internal/environment.h"

#include <string_view>
#include <unordered_map>

namespace stroem::runner {

std::string InputEnvName(const std::string& input_name) {
  std::string out = "STROEM_INPUT_";
  out.reserve(out.size() + input_name.size());
  for (char c : input_name) {
    if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else {
      out.push_back('_');
    }
  }
  return out;
}

namespace internal {
namespace {

// Entries keyed by name; a redefinition overwrites in place so the order of first
// appearance is kept (stable, readable `env` output).
class EnvBuilder {
 public:
  void Set(std::string_view name, std::string_view value) {
    std::string entry;
    entry.reserve(name.size() + 1 + value.size());
    entry.append(name).append("=").append(value);
    auto [it, inserted] = index_.try_emplace(std::string(name), entries_.size());
    if (inserted) {
      entries_.push_back(std::move(entry));
    } else {
      entries_[it->second] = std::move(entry);
    }
  }
  std::vector<std::string> Take() { return std::move(entries_); }

 private:
  std::vector<std::string> entries_;
  std::unordered_map<std::string, size_t> index_;
};

bool ValidName(std::string_view name) {
  return !name.empty() && name.find('=') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

bool HasNul(std::string_view value) {
  return value.find('\0') != std::string_view::npos;
}

}  // namespace

Result<std::vector<std::string>> BuildEnvironment(const StepRun& step, const char* const* base) {
  EnvBuilder env;
  for (const char* const* p = base; p && *p; ++p) {
    std::string_view entry(*p);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;  // malformed; nothing can use it
    env.Set(entry.substr(0, eq), entry.substr(eq + 1));
  }
  for (const auto& [name, value] : step.env) {
    if (!ValidName(name)) {
      return Fail(ErrorCode::kInvalidArgument, "invalid environment variable name '" + name + "'");
    }
    if (HasNul(value)) {
      return Fail(ErrorCode::kInvalidArgument,
                  "environment variable " + name + " contains a NUL byte");
    }
    env.Set(name, value);
  }
  for (const auto& [name, value] : step.inputs) {
    if (HasNul(value)) {
      return Fail(ErrorCode::kInvalidArgument, "input " + name + " contains a NUL byte");
    }
    env.Set(InputEnvName(name), value);
  }
  env.Set("STROEM_JOB_ID", step.job_id);
  env.Set("STROEM_TASK", step.task);
  env.Set("STROEM_STEP", step.step);
  return env.Take();
}

}  // namespace internal
}  // namespace stroem::runner
