// YAML -> JSON for values that are arbitrary data in workflows (input
// defaults, step inputs, trigger inputs, secrets). Plain scalars follow the
// YAML 1.2 core schema: true/false, null/~, integers, floats; quoted scalars
// are strings.
#pragma once

#include <string>

#include "yaml/yaml_tree.h"

namespace stroem::yaml {

// The node as compact JSON text.
std::string ToJsonText(const YamlNode& node);

// "string", "integer", "number", "boolean", "null", "array" or "object":
// the JSON kind a YAML value becomes.
std::string JsonKind(const YamlNode& node);

}  // namespace stroem::yaml
