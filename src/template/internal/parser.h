// Turns template source into a Program (ast.h). Syntax errors carry the
// 1-based position and the text of the offending tag.
#pragma once

#include <string>
#include <tl/expected.hpp>

#include "template/internal/ast.h"
#include "template/template.h"

namespace stroem::tmpl::internal {

tl::expected<Program, TemplateError> ParseProgram(std::string source);

}  // namespace stroem::tmpl::internal
