#include "yaml/env_overrides.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace stroem::yaml {
namespace {

std::string KeyFromVariable(std::string_view name) {
  std::string key;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.substr(i, 2) == "__") {
      key += '.';
      ++i;
    } else {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    }
  }
  return key;
}

YamlNode* Child(YamlNode& map, const std::string& key, const SourcePos& pos) {
  for (YamlEntry& e : map.entries)
    if (e.key == key) return &e.value;
  map.entries.push_back({key, pos, YamlNode{}});
  map.entries.back().value.pos = pos;
  return &map.entries.back().value;
}

// The value parsed as YAML, so numbers, booleans and [lists] keep their type.
std::optional<YamlNode> ParseValue(const std::string& variable, const std::string& value,
                                   Diagnostics& diags) {
  if (value.find_first_of("[{") != 0) {
    YamlNode scalar;
    scalar.kind = value.empty() ? YamlNode::Kind::kNull : YamlNode::Kind::kScalar;
    scalar.text = value;
    scalar.pos = {variable, 0, 0};
    return scalar;
  }
  return ParseYaml(variable, value, diags);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> EnvOverrides(char** environ_block,
                                                              const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  for (char** e = environ_block; e && *e; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || !entry.starts_with(prefix)) continue;
    out.emplace_back(KeyFromVariable(entry.substr(prefix.size(), eq - prefix.size())),
                     std::string(entry.substr(eq + 1)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ApplyOverrides(YamlNode& root,
                    const std::vector<std::pair<std::string, std::string>>& overrides,
                    Diagnostics& diags) {
  for (const auto& [key, value] : overrides) {
    std::string variable = "STROEM__" + key;
    std::transform(variable.begin(), variable.end(), variable.begin(), [](unsigned char c) {
      return c == '.' ? '_' : static_cast<char>(std::toupper(c));
    });
    SourcePos pos{"environment variable " + variable, 0, 0};
    if (root.IsNull()) root.kind = YamlNode::Kind::kMapping;
    YamlNode* node = &root;
    size_t start = 0;
    bool ok = true;
    while (ok) {
      size_t dot = key.find('.', start);
      std::string part = key.substr(start, dot == std::string::npos ? dot : dot - start);
      if (node->IsNull()) node->kind = YamlNode::Kind::kMapping;
      if (!node->IsMapping()) {
        diags.Error(pos, "cannot set '" + key + "': its parent is not a mapping");
        ok = false;
        break;
      }
      node = Child(*node, part, pos);
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!ok) continue;
    if (auto parsed = ParseValue(pos.file, value, diags)) *node = std::move(*parsed);
  }
}

}  // namespace stroem::yaml
