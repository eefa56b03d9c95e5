// A small YAML tree with source positions, built from libfyaml's document so
// that nothing else in the project sees libfyaml. Aliases are expanded (with
// a size budget against "billion laughs" documents).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace stroem::yaml {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kNull, kScalar, kMapping, kSequence };
  Kind kind = Kind::kNull;
  std::string text;     // scalars
  bool quoted = false;  // quoted, literal or folded scalars (always strings)
  SourcePos pos;
  std::vector<YamlEntry> entries;  // mappings, in document order
  std::vector<YamlNode> items;     // sequences
  std::vector<YamlEntry> merged;   // while building: entries from `<<` merge keys

  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsMapping() const { return kind == Kind::kMapping; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsNull() const { return kind == Kind::kNull; }
  // "a mapping", "a list", "a string", "null": for error messages.
  const char* KindName() const;
};

struct YamlEntry {
  std::string key;
  SourcePos key_pos;
  YamlNode value;
};

// Parses one YAML document. Syntax errors, duplicate keys, non-scalar keys and
// multiple documents are added to `diags` and give nullopt. An empty file (or
// only comments) gives a null node.
std::optional<YamlNode> ParseYaml(const std::string& file, std::string_view content,
                                  Diagnostics& diags);

}  // namespace stroem::yaml
