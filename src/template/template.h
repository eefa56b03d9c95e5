// The template engine: a Jinja/Tera-compatible subset written for Strøm.
//
//   auto t = tmpl::Template::Parse("Hello {{ input.name | upper }}");
//   if (!t) report(t.error().ToString());
//   auto text = t->Render(context);          // context: a JSON object
//
// Parse once, render many times: a Template is immutable after Parse, cheap to
// copy (shared), and safe to render from several threads at once.
//
// Semantics follow the seed (contract §2.1): undefined variables and attributes
// are render errors unless a `default` filter catches them; values print as
// strings as-is, numbers as JSON text, booleans as true/false, null as "",
// arrays as [a, b], objects as [object]. No HTML escaping.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace boost::json {
class object;
}

namespace stroem::tmpl {

// A parse or render error. Positions are 1-based within the template source.
struct TemplateError {
  std::string message;  // what went wrong, e.g. "undefined variable 'input.nme'"
  int line = 0;
  int col = 0;
  std::string expr;  // source text of the offending expression or tag, may be empty

  // "line 1, col 7: undefined variable 'input.nme' in `input.nme`"
  std::string ToString() const;
};

// One `{{ ... }}` output in the template, for static checks such as the
// shell-injection warning of `stroem validate`.
struct Placeholder {
  int line = 0;
  int col = 0;
  std::string text;                    // the expression source, trimmed
  std::vector<std::string> variables;  // dotted paths it reads, e.g. "input.name"
  bool shell_quoted = false;           // its last filter is `shell_quote`
};

class Template {
 public:
  static tl::expected<Template, TemplateError> Parse(std::string_view source);

  // Renders with `context` as the root scope. Thread-safe.
  tl::expected<std::string, TemplateError> Render(const boost::json::object& context) const;

  // Every dotted variable path the template reads (outputs, conditions, loop
  // sources, filter arguments), in first-seen order, without loop-local names.
  std::vector<std::string> Variables() const;

  // Every `{{ ... }}` output, in source order.
  std::vector<Placeholder> Placeholders() const;

  // True when the source has no tags at all: Render returns it unchanged.
  bool IsLiteral() const;

  const std::string& source() const;

 private:
  struct Impl;
  explicit Template(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// Parse + render in one call, for one-off strings.
tl::expected<std::string, TemplateError> Render(std::string_view source,
                                                const boost::json::object& context);

}  // namespace stroem::tmpl
