#include "worker/worker_config.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "yaml/env_overrides.h"
#include "yaml/yaml_tree.h"

namespace stroem::worker {
namespace {

using yaml::YamlNode;

// Reads one key's value into the config; reports type problems in `diags`.
using KeyReader = std::function<void(const YamlNode&, WorkerConfig&, Diagnostics&)>;

void TypeError(const YamlNode& node, const std::string& key, const char* expected,
               Diagnostics& diags) {
  std::string got = node.IsScalar() ? "'" + node.text + "'" : node.KindName();
  diags.Error(node.pos, key + " must be " + expected + ", got " + got);
}

KeyReader String(std::string WorkerConfig::*member, std::string key) {
  return [member, key](const YamlNode& node, WorkerConfig& config, Diagnostics& diags) {
    if (!node.IsScalar()) return TypeError(node, key, "a string", diags);
    config.*member = node.text;
  };
}

template <typename Int>
KeyReader Integer(Int WorkerConfig::*member, std::string key, Int min) {
  return [member, key, min](const YamlNode& node, WorkerConfig& config, Diagnostics& diags) {
    Int value{};
    const char* end = node.text.data() + node.text.size();
    auto [ptr, ec] = std::from_chars(node.text.data(), end, value);
    if (!node.IsScalar() || node.quoted || ec != std::errc() || ptr != end)
      return TypeError(node, key, "an integer", diags);
    if (value < min) return diags.Error(node.pos, key + " must be at least " + std::to_string(min));
    config.*member = value;
  };
}

void ReadCapabilities(const YamlNode& node, WorkerConfig& config, Diagnostics& diags) {
  if (!node.IsSequence()) return TypeError(node, "capabilities", "a list of strings", diags);
  config.capabilities.clear();
  for (const YamlNode& item : node.items) {
    if (!item.IsScalar()) return TypeError(item, "capabilities item", "a string", diags);
    config.capabilities.push_back(item.text);
  }
}

const std::map<std::string, KeyReader>& Readers() {
  using C = WorkerConfig;
  static const std::map<std::string, KeyReader> readers = {
      {"server_url", String(&C::server_url, "server_url")},
      {"worker_token", String(&C::worker_token, "worker_token")},
      {"worker_name", String(&C::worker_name, "worker_name")},
      {"workspace_dir", String(&C::workspace_dir, "workspace_dir")},
      {"log_spool_dir", String(&C::log_spool_dir, "log_spool_dir")},
      {"max_concurrent", Integer(&C::max_concurrent, "max_concurrent", 1)},
      {"poll_interval_secs", Integer(&C::poll_interval_secs, "poll_interval_secs", 0)},
      {"shutdown_grace_secs", Integer(&C::shutdown_grace_secs, "shutdown_grace_secs", 0)},
      {"log_memory_limit_bytes",
       Integer<int64_t>(&C::log_memory_limit_bytes, "log_memory_limit_bytes", 0)},
      {"claim_wait_ms", Integer(&C::claim_wait_ms, "claim_wait_ms", 0)},
      {"heartbeat_interval_secs",
       Integer(&C::heartbeat_interval_secs, "heartbeat_interval_secs", 1)},
      {"capabilities", ReadCapabilities},
  };
  return readers;
}

constexpr const char* kRequired[] = {"server_url",     "worker_token",       "worker_name",
                                     "max_concurrent", "poll_interval_secs", "workspace_dir"};

void ReadRoot(const YamlNode& root, const std::string& file, WorkerConfig& config,
              Diagnostics& diags) {
  if (!root.IsMapping()) {
    diags.Error({file, 1, 1},
                std::string("the worker config must be a mapping, not ") + root.KindName());
    return;
  }
  for (const yaml::YamlEntry& e : root.entries) {
    auto reader = Readers().find(e.key);
    if (reader == Readers().end()) {
      diags.Error(e.key_pos, "unknown key '" + e.key + "'");
      continue;
    }
    reader->second(e.value, config, diags);
  }
  for (const char* key : kRequired) {
    bool present = false;
    for (const yaml::YamlEntry& e : root.entries) present |= e.key == key && !e.value.IsNull();
    if (!present) diags.Error({file, 0, 0}, std::string("missing required key '") + key + "'");
  }
}

std::string Joined(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.Sorted()) {
    if (d.severity != Severity::kError) continue;
    out += (out.empty() ? "" : "\n") + d.ToString();
  }
  return out;
}

}  // namespace

Result<WorkerConfig> ParseWorkerConfig(
    const std::string& file, std::string_view content,
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  Diagnostics diags;
  std::optional<YamlNode> root = yaml::ParseYaml(file, content, diags);
  if (!root) return Fail(ErrorCode::kInvalidArgument, Joined(diags));
  yaml::ApplyOverrides(*root, overrides, diags);
  WorkerConfig config;
  if (!diags.HasErrors()) ReadRoot(*root, file, config, diags);
  if (diags.HasErrors()) return Fail(ErrorCode::kInvalidArgument, Joined(diags));
  return config;
}

Result<WorkerConfig> LoadWorkerConfig(char** environ_block) {
  const char* from_env = std::getenv("STROEM_CONFIG");
  std::string file = from_env && *from_env ? from_env : "worker-config.yaml";
  std::ifstream in(file);
  if (!in && from_env && *from_env)
    return Fail(ErrorCode::kInvalidArgument, "cannot read STROEM_CONFIG file " + file);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  return ParseWorkerConfig(file, content.str(), yaml::EnvOverrides(environ_block));
}

}  // namespace stroem::worker
