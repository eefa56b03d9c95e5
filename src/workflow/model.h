// The workflow model: what a workspace's `.workflows/*.yaml` files describe.
// Built by the loader (loader.h) and checked by validation; the server, the
// CLI and (later) the scheduler read it. Values that are arbitrary JSON in
// the YAML (defaults, step inputs, trigger inputs, secrets) are kept as JSON
// text so this header stays free of a JSON library.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"

namespace stroem::workflow {

// Input field types accepted in `input:` definitions.
inline constexpr const char* kInputTypes[] = {"string", "text", "integer", "number", "boolean"};

struct InputField {
  std::string name;
  std::string type;  // one of kInputTypes
  bool required = false;
  std::optional<std::string> default_json;  // JSON text
  std::vector<std::string> options_json;    // allowed values, JSON text each; empty = any
  std::string description;
  SourcePos pos;
  SourcePos type_pos, default_pos;
};

// A value in a map whose values may be templates: step inputs, action env.
struct TemplatedValue {
  std::string name;
  std::string json;                 // the value as JSON text
  std::optional<std::string> text;  // set when the value is a string (a template)
  SourcePos pos;
};

struct Action {
  std::string name;
  std::string type;  // shell | docker | pod
  std::optional<std::string> cmd;
  std::optional<std::string> script;  // path relative to the workspace root
  std::optional<std::string> image;
  std::vector<std::string> command;
  std::vector<TemplatedValue> env;  // string values only
  std::optional<std::string> workdir;
  std::optional<std::string> cpu, memory;  // `resources`
  std::vector<InputField> input;
  std::vector<std::string> output_properties;  // `output.properties` names
  std::string description;
  // `timeout`: the step's process group is killed after this long (a flow step's own
  // `timeout` wins). Unset: no limit.
  std::optional<std::chrono::milliseconds> timeout;
  SourcePos pos, cmd_pos, script_pos, image_pos, type_pos;
};

struct FlowStep {
  std::string name;
  std::string action;
  std::vector<std::string> depends_on;
  std::vector<SourcePos> depends_on_pos;  // parallel to depends_on
  std::vector<TemplatedValue> input;
  std::string description;
  std::optional<std::chrono::milliseconds> timeout;  // overrides the action's
  SourcePos pos, action_pos;
};

struct Task {
  std::string name;
  std::string mode = "distributed";  // distributed | local
  std::vector<InputField> input;
  std::vector<FlowStep> flow;  // in file order: the flow's order
  std::string description;
  // `timeout`: the whole job's limit from its creation; past it the job fails and its
  // running steps are cancelled. Unset: no limit.
  std::optional<std::chrono::milliseconds> timeout;
  SourcePos pos, mode_pos;

  const FlowStep* FindStep(const std::string& step) const;
  const InputField* FindInput(const std::string& field) const;
};

struct Trigger {
  std::string name;
  std::string type;  // scheduler | webhook
  std::optional<std::string> cron;
  std::string task;
  std::string input_json = "{}";
  bool enabled = true;
  SourcePos pos, type_pos, task_pos;
};

// One string (or scalar) leaf of the `secrets` tree, e.g. path "db.password".
struct SecretLeaf {
  std::string path;
  std::string value;
  SourcePos pos;
};

struct Workspace {
  std::map<std::string, Action> actions;
  std::map<std::string, Task> tasks;
  std::map<std::string, Trigger> triggers;
  std::vector<SecretLeaf> secrets;
  std::string secrets_json = "{}";  // the merged `secrets` tree as a JSON object
  std::vector<std::string> files;   // every file read, in load order

  const Action* FindAction(const std::string& name) const;
  const Task* FindTask(const std::string& name) const;
};

// The name a step's output is reached by in templates: `say-hello` -> `say_hello`.
std::string StepTemplateName(const std::string& step_name);

}  // namespace stroem::workflow
