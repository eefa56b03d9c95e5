// Top level of a workflow file and its actions, triggers and secrets.
// Tasks and their flows are in parse_task.cc.
#include "workflow/internal/parse_file.h"

#include "workflow/internal/schema.h"
#include "yaml/yaml_json.h"

namespace stroem::workflow::internal {

using yaml::JsonKind;
using yaml::ToJsonText;

Task ParseTask(const YamlEntry& entry, Diagnostics& diags);  // parse_task.cc

namespace {

std::optional<std::string> OptionalString(Schema& schema, const YamlNode& map, std::string_view key,
                                          const std::string& path, SourcePos* pos = nullptr) {
  const YamlNode* node = Find(map, key);
  if (node == nullptr) return std::nullopt;
  if (pos) *pos = node->pos;
  return schema.String(*node, path + "." + std::string(key));
}

void ParseEnv(const YamlNode& node, const std::string& path, Action& action, Diagnostics& diags) {
  if (!Schema(diags).ExpectMapping(node, path)) return;
  for (const YamlEntry& e : node.entries) {
    if (!e.value.IsScalar()) {
      diags.Error(e.value.pos, path + "." + e.key + " must be a string, not " + e.value.KindName());
      continue;
    }
    action.env.push_back({e.key, ToJsonText(e.value), e.value.text, e.value.pos});
  }
}

void ParseResources(Schema& schema, const YamlNode& node, const std::string& path, Action& action) {
  if (!schema.ExpectMapping(node, path)) return;
  schema.RejectUnknownKeys(node, path, {"cpu", "memory"});
  action.cpu = OptionalString(schema, node, "cpu", path);
  action.memory = OptionalString(schema, node, "memory", path);
}

void ParseOutputSchema(Schema& schema, const YamlNode& node, const std::string& path,
                       Action& action) {
  if (!schema.ExpectMapping(node, path)) return;
  schema.RejectUnknownKeys(node, path, {"properties"});
  const YamlNode* props = Find(node, "properties");
  if (props == nullptr || !schema.ExpectMapping(*props, path + ".properties")) return;
  for (const YamlEntry& e : props->entries) action.output_properties.push_back(e.key);
}

Action ParseAction(const YamlEntry& entry, Diagnostics& diags) {
  Schema schema(diags);
  std::string path = "actions." + entry.key;
  Action action;
  action.name = entry.key;
  action.pos = entry.key_pos;
  const YamlNode& node = entry.value;
  if (!schema.ExpectMapping(node, path, false)) return action;
  schema.RejectUnknownKeys(node, path,
                           {"type", "cmd", "script", "image", "command", "env", "workdir",
                            "resources", "input", "output", "description", "name", "timeout"});
  action.type_pos = entry.key_pos;
  if (auto type = OptionalString(schema, node, "type", path, &action.type_pos))
    action.type = *type;
  else if (!Find(node, "type"))
    diags.Error(entry.key_pos, path + " has no 'type' (shell, docker or pod)");
  action.cmd = OptionalString(schema, node, "cmd", path, &action.cmd_pos);
  action.script = OptionalString(schema, node, "script", path, &action.script_pos);
  action.image = OptionalString(schema, node, "image", path, &action.image_pos);
  action.workdir = OptionalString(schema, node, "workdir", path);
  action.description = OptionalString(schema, node, "description", path).value_or("");
  if (const YamlNode* command = Find(node, "command"))
    action.command =
        schema.StringList(*command, path + ".command").value_or(std::vector<std::string>{});
  if (const YamlNode* env = Find(node, "env")) ParseEnv(*env, path + ".env", action, diags);
  if (const YamlNode* res = Find(node, "resources"))
    ParseResources(schema, *res, path + ".resources", action);
  if (const YamlNode* input = Find(node, "input"))
    action.input = ParseInputFields(*input, path + ".input", diags);
  if (const YamlNode* output = Find(node, "output"))
    ParseOutputSchema(schema, *output, path + ".output", action);
  if (const YamlNode* timeout = Find(node, "timeout"))
    action.timeout = schema.Duration(*timeout, path + ".timeout");
  return action;
}

Trigger ParseTrigger(const YamlEntry& entry, Diagnostics& diags) {
  Schema schema(diags);
  std::string path = "triggers." + entry.key;
  Trigger trigger;
  trigger.name = entry.key;
  trigger.pos = trigger.type_pos = trigger.task_pos = entry.key_pos;
  const YamlNode& node = entry.value;
  if (!schema.ExpectMapping(node, path, false)) return trigger;
  schema.RejectUnknownKeys(node, path, {"type", "cron", "task", "input", "enabled", "description"});
  if (auto type = OptionalString(schema, node, "type", path, &trigger.type_pos))
    trigger.type = *type;
  else if (!Find(node, "type"))
    diags.Error(entry.key_pos, path + " has no 'type' (scheduler or webhook)");
  trigger.cron = OptionalString(schema, node, "cron", path);
  if (auto task = OptionalString(schema, node, "task", path, &trigger.task_pos))
    trigger.task = *task;
  else if (!Find(node, "task"))
    diags.Error(entry.key_pos, path + " has no 'task'");
  if (const YamlNode* enabled = Find(node, "enabled"))
    trigger.enabled = schema.Bool(*enabled, path + ".enabled").value_or(true);
  if (const YamlNode* input = Find(node, "input");
      input && schema.ExpectMapping(*input, path + ".input"))
    trigger.input_json = input->IsNull() ? "{}" : ToJsonText(*input);
  return trigger;
}

// Secret names must be usable in templates: ASCII letters, digits and '_'.
bool IsSecretName(const std::string& name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '_')) return false;
  return true;
}

void CollectSecrets(const YamlNode& node, const std::string& path, FileContents& out,
                    Diagnostics& diags) {
  for (const YamlEntry& e : node.entries) {
    std::string child = path.empty() ? e.key : path + "." + e.key;
    if (!IsSecretName(e.key))
      diags.Error(e.key_pos, "secret name '" + child +
                                 "' contains invalid characters (use letters, digits and _)");
    if (e.value.IsMapping()) {
      CollectSecrets(e.value, child, out, diags);
    } else if (e.value.IsScalar()) {
      if (e.value.text.empty())
        diags.Error(e.value.pos, "secret '" + child + "' has an empty value");
      out.secrets.push_back({child, e.value.text, e.value.pos});
    } else {
      diags.Error(e.key_pos, "secret '" + child + "' must be a string or a mapping, not " +
                                 e.value.KindName());
    }
  }
}

template <typename T, typename ParseFn>
void ParseSection(const YamlNode& root, std::string_view key, std::vector<T>& out,
                  Diagnostics& diags, ParseFn parse) {
  const YamlNode* section = Find(root, key);
  if (section == nullptr || !Schema(diags).ExpectMapping(*section, std::string(key))) return;
  for (const YamlEntry& entry : section->entries) out.push_back(parse(entry, diags));
}

}  // namespace

FileContents ParseWorkflowFile(const YamlNode& root, Diagnostics& diags) {
  FileContents out;
  Schema schema(diags);
  if (!schema.ExpectMapping(root, "the top level of a workflow file")) return out;
  schema.RejectUnknownKeys(root, "the top level", {"actions", "tasks", "triggers", "secrets"},
                           true);
  ParseSection(root, "actions", out.actions, diags, ParseAction);
  ParseSection(root, "tasks", out.tasks, diags, ParseTask);
  ParseSection(root, "triggers", out.triggers, diags, ParseTrigger);
  if (const YamlNode* secrets = Find(root, "secrets");
      secrets && schema.ExpectMapping(*secrets, "secrets")) {
    CollectSecrets(*secrets, "", out, diags);
    out.secret_entries = secrets->entries;
  }
  return out;
}

}  // namespace stroem::workflow::internal
