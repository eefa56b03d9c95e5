// One workflow file's YAML tree -> model objects. Checks everything that can be
// checked inside one definition (keys, types, input fields); references between
// definitions are checked on the whole workspace by validate.h.
#pragma once

#include <vector>

#include "workflow/internal/schema.h"
#include "workflow/model.h"
#include "yaml/yaml_tree.h"

namespace stroem::workflow::internal {

struct FileContents {
  std::vector<Action> actions;
  std::vector<Task> tasks;
  std::vector<Trigger> triggers;
  std::vector<SecretLeaf> secrets;
  std::vector<YamlEntry> secret_entries;  // top-level `secrets` entries, for the merged JSON
};

FileContents ParseWorkflowFile(const YamlNode& root, Diagnostics& diags);

// Input field definitions (`input:` of tasks and actions).
std::vector<InputField> ParseInputFields(const YamlNode& node, const std::string& path,
                                         Diagnostics& diags);

}  // namespace stroem::workflow::internal
