// Static analysis of a parsed template: the variable paths it reads and its
// `{{ }}` outputs, for `stroem validate`.
#pragma once

#include <string>
#include <vector>

#include "template/internal/ast.h"
#include "template/template.h"

namespace stroem::tmpl::internal {

std::vector<std::string> CollectVariables(const Program& program);
std::vector<Placeholder> CollectPlaceholders(const Program& program);

}  // namespace stroem::tmpl::internal
