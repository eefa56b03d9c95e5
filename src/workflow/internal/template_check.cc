#include "workflow/internal/template_check.h"

namespace stroem::workflow::internal {

std::optional<tmpl::Template> ParseTemplateField(const std::string& text, const SourcePos& pos,
                                                 const std::string& field, Diagnostics& diags) {
  auto parsed = tmpl::Template::Parse(text);
  if (parsed) return std::move(*parsed);
  diags.Error(pos, "template error in " + field + ": " + parsed.error().ToString());
  return std::nullopt;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    out.push_back(path.substr(start, dot == std::string::npos ? dot : dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

}  // namespace stroem::workflow::internal
