#include "workflow/internal/schema.h"

#include <algorithm>

#include "common/duration.h"

namespace stroem::workflow::internal {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

const YamlNode* Find(const YamlNode& map, std::string_view key) {
  for (const YamlEntry& e : map.entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

std::string Suggest(std::string_view word, std::initializer_list<std::string_view> candidates) {
  std::string best;
  size_t best_distance = 3;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) best_distance = d, best = std::string(c);
  }
  return best;
}

bool Schema::ExpectMapping(const YamlNode& node, const std::string& path, bool allow_null) {
  if (node.IsMapping() || (allow_null && node.IsNull())) return true;
  diags_.Error(node.pos, path + " must be a mapping, not " + node.KindName());
  return false;
}

void Schema::RejectUnknownKeys(const YamlNode& map, const std::string& path,
                               std::initializer_list<std::string_view> known, bool allow_x_keys) {
  for (const YamlEntry& e : map.entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    if (allow_x_keys && e.key.starts_with("x-")) continue;
    std::string message = "unknown key '" + e.key + "' in " + path;
    std::string hint = Suggest(e.key, known);
    if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
    diags_.Error(e.key_pos, message);
  }
}

std::optional<std::string> Schema::String(const YamlNode& node, const std::string& path) {
  if (node.IsScalar()) return node.text;
  diags_.Error(node.pos, path + " must be a string, not " + node.KindName());
  return std::nullopt;
}

std::optional<bool> Schema::Bool(const YamlNode& node, const std::string& path) {
  if (node.IsScalar() && !node.quoted) {
    if (node.text == "true" || node.text == "True" || node.text == "TRUE") return true;
    if (node.text == "false" || node.text == "False" || node.text == "FALSE") return false;
  }
  diags_.Error(node.pos, path + " must be true or false");
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> Schema::Duration(const YamlNode& node,
                                                          const std::string& path) {
  if (node.IsScalar())
    if (auto d = ParseDuration(node.text)) return d;
  diags_.Error(node.pos, path + " must be a duration such as 30s, 5m, 1h30m or 500ms, not " +
                             (node.IsScalar() ? "'" + node.text + "'" : node.KindName()));
  return std::nullopt;
}

std::optional<std::vector<std::string>> Schema::StringList(const YamlNode& node,
                                                           const std::string& path,
                                                           std::vector<SourcePos>* positions) {
  if (node.IsNull()) return std::vector<std::string>{};
  if (!node.IsSequence()) {
    diags_.Error(node.pos, path + " must be a list of strings, not " + node.KindName());
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const YamlNode& item : node.items) {
    auto s = String(item, path + "[" + std::to_string(out.size()) + "]");
    if (!s) ok = false;
    out.push_back(s.value_or(""));
    if (positions) positions->push_back(item.pos);
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace stroem::workflow::internal
