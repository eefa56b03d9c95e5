// Environment overrides for configuration files: `STROEM__SECTION__KEY=value`
// sets `section.key` (lower-cased; `__` separates levels, so
// `STROEM__LOG_STORAGE__LOCAL_DIR` sets `log_storage.local_dir`).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "yaml/yaml_tree.h"

namespace stroem::yaml {

// The `STROEM__*` variables of an environment block (e.g. `environ`), as
// (dotted key, value) pairs in sorted order.
std::vector<std::pair<std::string, std::string>> EnvOverrides(
    char** environ_block, const std::string& prefix = "STROEM__");

// Sets each dotted key in `root` (creating mappings as needed) to the value
// as a plain scalar, so `8080`, `true` and lists in flow form (`[a, b]`) keep
// their YAML meaning. Positions point at `source` (e.g. "environment").
// A value that is not valid YAML, or a key whose parent is not a mapping, is
// reported in `diags`.
void ApplyOverrides(YamlNode& root,
                    const std::vector<std::pair<std::string, std::string>>& overrides,
                    Diagnostics& diags);

}  // namespace stroem::yaml
