// Readers that turn YamlNodes into typed values, reporting every mismatch with
// its path (e.g. `tasks.deploy.flow.build.depends_on`) and position.
#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "yaml/yaml_tree.h"

namespace stroem::workflow::internal {

using yaml::YamlEntry;
using yaml::YamlNode;

class Schema {
 public:
  explicit Schema(Diagnostics& diags) : diags_(diags) {}

  // True when `node` is a mapping (null counts as an empty one when allow_null).
  // Otherwise reports "<path> must be a mapping".
  bool ExpectMapping(const YamlNode& node, const std::string& path, bool allow_null = true);

  // Reports every key of `map` that is not in `known`, with a suggestion for
  // typos. Keys starting with `x-` are free for users (anchors, notes) when
  // `allow_x_keys` is set.
  void RejectUnknownKeys(const YamlNode& map, const std::string& path,
                         std::initializer_list<std::string_view> known, bool allow_x_keys = false);

  std::optional<std::string> String(const YamlNode& node, const std::string& path);
  std::optional<bool> Bool(const YamlNode& node, const std::string& path);
  // A duration such as `30s`, `5m`, `1h30m`, `500ms` (common/duration.h).
  std::optional<std::chrono::milliseconds> Duration(const YamlNode& node, const std::string& path);
  std::optional<std::vector<std::string>> StringList(const YamlNode& node, const std::string& path,
                                                     std::vector<SourcePos>* positions = nullptr);

  Diagnostics& diags() { return diags_; }

 private:
  Diagnostics& diags_;
};

// The value of `key` in a mapping, or nullptr.
const YamlNode* Find(const YamlNode& map, std::string_view key);

// The closest of `candidates` to `word` (edit distance <= 2), or "".
std::string Suggest(std::string_view word, std::initializer_list<std::string_view> candidates);

}  // namespace stroem::workflow::internal
