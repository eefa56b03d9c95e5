// Actions: type rules, templates in cmd/script/env, secret references and the
// shell-injection warning for inputs spliced unquoted into `cmd`.
#include <algorithm>
#include <cctype>

#include "workflow/internal/template_check.h"
#include "workflow/internal/validate_parts.h"
#include "workflow/validate.h"

namespace stroem::workflow {
namespace internal {
namespace {

bool HasSecret(const Workspace& ws, const std::string& path) {
  for (const SecretLeaf& leaf : ws.secrets)
    if (leaf.path == path || leaf.path.starts_with(path + ".")) return true;
  return false;
}

bool DeclaresInput(const Action& action, const std::string& name) {
  for (const InputField& f : action.input)
    if (f.name == name) return true;
  return false;
}

// Variables of an action template: `input.*` (the step's inputs) and `secret.*`.
void CheckActionVariables(const Workspace& ws, const Action& action, const tmpl::Template& t,
                          const std::string& field, const SourcePos& pos, Diagnostics& diags) {
  for (const std::string& var : t.Variables()) {
    std::vector<std::string> parts = SplitPath(var);
    if (parts[0] == "secret") {
      if (parts.size() > 1 && !HasSecret(ws, var.substr(7)))
        diags.Warning(pos, field + " references undefined secret '" + var.substr(7) + "'");
    } else if (parts[0] == "input") {
      if (parts.size() > 1 && !action.input.empty() && !DeclaresInput(action, parts[1]))
        diags.Warning(pos, field + " reads input '" + parts[1] + "', which action '" + action.name +
                               "' does not declare");
    } else {
      diags.Error(pos, field + " reads unknown variable '" + parts[0] +
                           "' (an action's templates see only input.* and secret.*)");
    }
  }
}

// The name of the last filter of a placeholder expression, or "".
std::string LastFilter(const std::string& expr) {
  size_t bar = expr.rfind('|');
  if (bar == std::string::npos) return "";
  size_t start = expr.find_first_not_of(' ', bar + 1);
  size_t end = start;
  while (end < expr.size() &&
         (std::isalnum(static_cast<unsigned char>(expr[end])) || expr[end] == '_'))
    ++end;
  return start == std::string::npos ? "" : expr.substr(start, end - start);
}

// Filters whose output is one shell word that the shell cannot expand.
bool IsShellSafe(const tmpl::Placeholder& p) {
  if (p.shell_quoted) return true;
  std::string last = LastFilter(p.text);
  return last == "int" || last == "float" || last == "length";
}

void WarnUnquotedInputs(const tmpl::Template& cmd, const std::string& field, const SourcePos& pos,
                        Diagnostics& diags) {
  std::vector<std::string> warned;
  for (const tmpl::Placeholder& p : cmd.Placeholders()) {
    if (IsShellSafe(p) || std::find(warned.begin(), warned.end(), p.text) != warned.end()) continue;
    for (const std::string& var : p.variables) {
      std::vector<std::string> parts = SplitPath(var);
      if (parts[0] != "input" || parts.size() < 2) continue;
      diags.Warning(pos,
                    field + " splices {{ " + p.text +
                        " }} into a shell command unquoted: a value such as $(reboot) would run. "
                        "Write {{ " +
                        p.text + " | shell_quote }} or use \"$" + InputEnvName(parts[1]) + "\"");
      warned.push_back(p.text);
      break;
    }
  }
}

void CheckTypeRules(const Action& action, const std::string& path, Diagnostics& diags) {
  const std::string& type = action.type;
  if (type == "shell") {
    if (!action.cmd && !action.script)
      diags.Error(action.type_pos, path + " is a shell action with neither 'cmd' nor 'script'");
    if (action.cmd && action.script)
      diags.Error(action.script_pos, path + " has both 'cmd' and 'script': use only one");
  } else if (type == "docker" || type == "pod") {
    if (!action.image)
      diags.Error(action.type_pos, path + " is a " + type + " action without 'image'");
  } else if (!type.empty()) {
    diags.Error(action.type_pos, path + ".type '" + type + "' is not one of shell, docker, pod");
  }
}

void CheckAction(const Workspace& ws, const Action& action, Diagnostics& diags) {
  std::string path = "actions." + action.name;
  CheckTypeRules(action, path, diags);
  if (action.cmd) {
    if (auto t = ParseTemplateField(*action.cmd, action.cmd_pos, path + ".cmd", diags)) {
      CheckActionVariables(ws, action, *t, path + ".cmd", action.cmd_pos, diags);
      WarnUnquotedInputs(*t, path + ".cmd", action.cmd_pos, diags);
    }
  }
  if (action.script) {
    if (auto t = ParseTemplateField(*action.script, action.script_pos, path + ".script", diags))
      CheckActionVariables(ws, action, *t, path + ".script", action.script_pos, diags);
  }
  for (const TemplatedValue& env : action.env) {
    std::string field = path + ".env." + env.name;
    if (auto t = ParseTemplateField(env.text.value_or(""), env.pos, field, diags))
      CheckActionVariables(ws, action, *t, field, env.pos, diags);
  }
}

}  // namespace

void ValidateActions(const Workspace& ws, Diagnostics& diags) {
  for (const auto& [name, action] : ws.actions) CheckAction(ws, action, diags);
}

}  // namespace internal

std::string InputEnvName(const std::string& input_name) {
  std::string out = "STROEM_INPUT_";
  for (unsigned char c : input_name)
    out.push_back(std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_');
  return out;
}

}  // namespace stroem::workflow
