// The input object of `stroem trigger`, from --input, --input-file and --set.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace stroem::cli {

// Starts from `json` or the contents of `file` ("-" reads stdin), or {} with neither,
// then applies each `key=value` of `sets`: the value is taken as JSON when it parses as
// a number, boolean, null, array, object or quoted string, otherwise as a plain string
// (`--set name=World`, `--set count=3`, `--set id='"007"'`). Returns compact JSON text.
// Errors: "Invalid JSON input: ..." (the contract's wording first), unreadable file,
// a --set without '='.
Result<std::string> BuildInput(const std::optional<std::string>& json,
                               const std::optional<std::string>& file,
                               const std::vector<std::string>& sets);

}  // namespace stroem::cli
