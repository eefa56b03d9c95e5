// `input:` field definitions: type, required, default, options, description.
#include <algorithm>
#include <iterator>

#include "workflow/internal/parse_file.h"
#include "workflow/internal/schema.h"
#include "yaml/yaml_json.h"

namespace stroem::workflow::internal {

using yaml::JsonKind;
using yaml::ToJsonText;
namespace {

bool IsInputType(const std::string& type) {
  return std::any_of(std::begin(kInputTypes), std::end(kInputTypes),
                     [&](const char* t) { return type == t; });
}

// Whether a value of JSON kind `kind` fits an input of type `type`.
bool KindFits(const std::string& kind, const std::string& type) {
  if (type == "string" || type == "text") return kind == "string";
  if (type == "integer") return kind == "integer";
  if (type == "number") return kind == "integer" || kind == "number";
  if (type == "boolean") return kind == "boolean";
  return true;
}

void CheckValueType(const YamlNode& value, const InputField& field, const std::string& what,
                    Diagnostics& diags) {
  std::string kind = JsonKind(value);
  if (field.type.empty() || !IsInputType(field.type) || KindFits(kind, field.type)) return;
  diags.Error(value.pos, what + " " + ToJsonText(value) + " of input '" + field.name + "' is " +
                             (kind == "integer" ? "an " : "a ") + kind + ", not " + field.type);
}

void ParseOptions(const YamlNode& node, const std::string& path, InputField& field,
                  Diagnostics& diags) {
  if (!node.IsSequence() || node.items.empty()) {
    diags.Error(node.pos, path + ".options must be a non-empty list of allowed values");
    return;
  }
  for (const YamlNode& item : node.items) {
    CheckValueType(item, field, "option", diags);
    field.options_json.push_back(ToJsonText(item));
  }
}

void CheckDefault(const YamlNode& value, InputField& field, Diagnostics& diags) {
  CheckValueType(value, field, "default", diags);
  field.default_json = ToJsonText(value);
  const auto& options = field.options_json;
  if (!options.empty() &&
      std::find(options.begin(), options.end(), *field.default_json) == options.end())
    diags.Error(value.pos, "default " + *field.default_json + " of input '" + field.name +
                               "' is not one of its options");
  if (field.required)
    diags.Warning(value.pos, "input '" + field.name +
                                 "' is required and has a default; the default makes it optional");
}

InputField ParseField(const YamlEntry& entry, const std::string& path, Diagnostics& diags) {
  Schema schema(diags);
  InputField field;
  field.name = entry.key;
  field.pos = entry.key_pos;
  const YamlNode& node = entry.value;
  if (!schema.ExpectMapping(node, path, false)) return field;
  schema.RejectUnknownKeys(node, path,
                           {"type", "required", "default", "options", "description", "name"});
  if (const YamlNode* type = Find(node, "type")) {
    field.type = schema.String(*type, path + ".type").value_or("");
    field.type_pos = type->pos;
    if (type->IsScalar() && !IsInputType(field.type))
      diags.Error(type->pos, path + ".type '" + field.type +
                                 "' is not one of string, text, integer, number, boolean");
  } else {
    diags.Error(entry.key_pos, path + " has no 'type' (string, text, integer, number or boolean)");
  }
  if (const YamlNode* req = Find(node, "required"))
    field.required = schema.Bool(*req, path + ".required").value_or(false);
  if (const YamlNode* desc = Find(node, "description"))
    field.description = schema.String(*desc, path + ".description").value_or("");
  if (const YamlNode* options = Find(node, "options")) ParseOptions(*options, path, field, diags);
  if (const YamlNode* def = Find(node, "default")) {
    field.default_pos = def->pos;
    CheckDefault(*def, field, diags);
  }
  return field;
}

}  // namespace

std::vector<InputField> ParseInputFields(const YamlNode& node, const std::string& path,
                                         Diagnostics& diags) {
  std::vector<InputField> out;
  if (!Schema(diags).ExpectMapping(node, path)) return out;
  for (const YamlEntry& entry : node.entries)
    out.push_back(ParseField(entry, path + "." + entry.key, diags));
  return out;
}

}  // namespace stroem::workflow::internal
