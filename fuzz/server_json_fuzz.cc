// libFuzzer target: JSON request bodies as the handlers read them — ParseObjectBody (size,
// depth, Content-Type) and the job-creation input check (ApplyInputSchema) against a
// schema with every input type, options and defaults. The first byte picks the
// Content-Type so that the 415 path is reached too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/job_creation.h"
#include "server/json_io.h"

namespace {

using stroem::workflow::InputField;

std::vector<InputField> Schema() {
  auto field = [](std::string name, std::string type, bool required) {
    InputField f;
    f.name = std::move(name);
    f.type = std::move(type);
    f.required = required;
    return f;
  };
  std::vector<InputField> fields = {
      field("name", "string", true),   field("count", "integer", false),
      field("ratio", "number", false), field("dry", "boolean", false),
      field("notes", "text", false),   field("env", "string", false)};
  fields[1].default_json = "3";
  fields[5].options_json = {"\"dev\"", "\"prod\"", "1"};
  return fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<InputField> schema = Schema();
  if (size == 0) return 0;
  static const char* const kTypes[] = {"", "application/json", "text/plain",
                                       "application/json; charset=utf-8"};
  stroem::server::HttpRequest req;
  req.method = "POST";
  if (const char* type = kTypes[data[0] % 4]; *type) req.headers["content-type"] = type;
  req.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto body = stroem::server::ParseObjectBody(req, data[0] & 4);
  if (!body) return 0;
  // POST /api/tasks/{name}/execute takes {"input": {...}}; seed clients send the object bare.
  const stroem::server::json::value* input = body->if_contains("input");
  const stroem::server::json::object& given =
      input && input->is_object() ? input->get_object() : *body;
  auto merged = stroem::server::ApplyInputSchema(schema, given, "task 'fuzz'");
  if (merged) (void)stroem::server::json::serialize(*merged);
  return 0;
}
