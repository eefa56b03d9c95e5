// libFuzzer entry point for the template engine: parse any input; when it
// parses, render it against a small fixed context and run the static
// analysis. Errors are expected; crashes, hangs, leaks and UB are not.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "template/template.h"

namespace {

const boost::json::object& Context() {
  static const boost::json::object context = boost::json::parse(R"({
    "input": {"name": "Ann", "n": 3, "f": 2.5, "flag": true, "empty": "", "none": null,
              "items": ["a", "b", "c"], "nested": {"k": [1, {"x": "y"}]}},
    "say_hello": {"output": {"greeting": "Hello"}},
    "secret": {"api_key": "ref+vault://k"},
    "xs": [1, 2, 3], "o": {"a": 1, "b": [true, false]}, "s": "it's"
  })")
                                                 .as_object();
  return context;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view source(reinterpret_cast<const char*>(data), size);
  auto parsed = stroem::tmpl::Template::Parse(source);
  if (!parsed) {
    (void)parsed.error().ToString();
    return 0;
  }
  auto rendered = parsed->Render(Context());
  if (!rendered) (void)rendered.error().ToString();
  (void)parsed->Variables();
  (void)parsed->Placeholders();
  return 0;
}
