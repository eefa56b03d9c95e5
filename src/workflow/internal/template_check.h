// Helpers for checking templated fields at load time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "template/template.h"

namespace stroem::workflow::internal {

// Parses a templated field; a syntax error is reported at the field's position
// with the template's own line and column. Literal text parses too.
std::optional<tmpl::Template> ParseTemplateField(const std::string& text, const SourcePos& pos,
                                                 const std::string& field, Diagnostics& diags);

// "a.b.c" -> {"a", "b", "c"}
std::vector<std::string> SplitPath(const std::string& path);

}  // namespace stroem::workflow::internal
