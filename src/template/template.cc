#include "template/template.h"

#include <boost/json.hpp>
#include <exception>

#include "template/internal/analysis.h"
#include "template/internal/parser.h"
#include "template/internal/renderer.h"

namespace stroem::tmpl {

struct Template::Impl {
  internal::Program program;
};

namespace {

// Nothing thrown by Boost or the allocator may leave the library.
TemplateError Internal(const char* what) {
  return TemplateError{std::string("internal error: ") + what, 0, 0, ""};
}

}  // namespace

std::string TemplateError::ToString() const {
  std::string out =
      "line " + std::to_string(line) + ", col " + std::to_string(col) + ": " + message;
  if (!expr.empty()) out += " in `" + expr + "`";
  return out;
}

tl::expected<Template, TemplateError> Template::Parse(std::string_view source) {
  try {
    auto program = internal::ParseProgram(std::string(source));
    if (!program) return tl::unexpected(std::move(program.error()));
    auto impl = std::make_shared<Impl>();
    impl->program = std::move(*program);
    return Template(std::move(impl));
  } catch (const std::exception& e) {
    return tl::unexpected(Internal(e.what()));
  }
}

tl::expected<std::string, TemplateError> Template::Render(
    const boost::json::object& context) const {
  const internal::Program& program = impl_->program;
  if (program.literal) return program.source;
  try {
    std::string out;
    out.reserve(program.source.size() + 64);
    auto ok = internal::Renderer(program, context, out).Run();
    if (!ok) return tl::unexpected(std::move(ok.error()));
    return out;
  } catch (const std::exception& e) {
    return tl::unexpected(Internal(e.what()));
  }
}

std::vector<std::string> Template::Variables() const {
  return internal::CollectVariables(impl_->program);
}

std::vector<Placeholder> Template::Placeholders() const {
  return internal::CollectPlaceholders(impl_->program);
}

bool Template::IsLiteral() const {
  return impl_->program.literal;
}

const std::string& Template::source() const {
  return impl_->program.source;
}

tl::expected<std::string, TemplateError> Render(std::string_view source,
                                                const boost::json::object& context) {
  auto t = Template::Parse(source);
  if (!t) return tl::unexpected(std::move(t.error()));
  return t->Render(context);
}

}  // namespace stroem::tmpl
