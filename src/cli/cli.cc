#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/validate_command.h"

namespace stroem::cli {
namespace {

// Every subcommand's options and its Run* call; `run` is set to the chosen one.
struct Parsed {
  std::string validate_path;
  TriggerArgs trigger;
  std::string job_id;
  LogsArgs logs;
  int limit = 20;
  bool json = false;
};

CLI::App* Command(CLI::App& app, const std::string& name, const std::string& what,
                  const std::string& example) {
  CLI::App* sub = app.add_subcommand(name, what);
  sub->footer(
      "Example:\n  " + example +
      "\n\nThe server: --server URL anywhere, else $STROEM_URL, else http://localhost:8080");
  return sub;
}

void AddJsonFlag(CLI::App* sub, Parsed& p) {
  sub->add_flag("--json", p.json, "print the server's JSON instead of a table");
}

void AddTrigger(CLI::App& app, Parsed& p) {
  CLI::App* sub = Command(app, "trigger", "Start a task; prints the new job's id",
                          "stroem trigger hello-world --set name=CLI --wait");
  sub->add_option("task", p.trigger.task, "the task to run")->required();
  auto* input = sub->add_option("--input", p.trigger.input, "the input as a JSON object");
  sub->add_option("--input-file", p.trigger.input_file,
                  "read the input object from a JSON file ('-': stdin)")
      ->excludes(input);
  sub->add_option("--set", p.trigger.sets,
                  "set one input field: key=value (value parsed as JSON when it is JSON, "
                  "else taken as a string); repeatable, applied over --input");
  sub->add_flag("--wait", p.trigger.wait,
                "wait for the job to end: exit 0 when completed, 2 otherwise");
  sub->add_flag("--follow", p.trigger.follow,
                "stream the job's logs while waiting (implies --wait)");
  AddJsonFlag(sub, p);
}

void AddJobCommands(CLI::App& app, Parsed& p) {
  CLI::App* status = Command(app, "status", "Show a job and its steps",
                             "stroem status 0b6e6a52-8f0e-4c1e-9a43-3b1f0a6c2d11");
  status->add_option("job_id", p.job_id, "the job")->required();
  AddJsonFlag(status, p);
  CLI::App* cancel =
      Command(app, "cancel", "Cancel a job: stop its running steps, run nothing more of it",
              "stroem cancel 0b6e6a52-8f0e-4c1e-9a43-3b1f0a6c2d11");
  cancel->add_option("job_id", p.job_id, "the job")->required();
  CLI::App* logs =
      Command(app, "logs", "Print a job's logs",
              "stroem logs 0b6e6a52-8f0e-4c1e-9a43-3b1f0a6c2d11 --step build --follow");
  logs->add_option("job_id", p.logs.job_id, "the job")->required();
  logs->add_option("--step", p.logs.step, "only this step's lines");
  logs->add_flag("--follow,-f", p.logs.follow, "keep printing new lines until the job ends");
  CLI::App* tasks = Command(app, "tasks", "List the tasks of the workspace", "stroem tasks --json");
  AddJsonFlag(tasks, p);
  CLI::App* jobs = Command(app, "jobs", "List recent jobs, newest first", "stroem jobs --limit 10");
  jobs->add_option("--limit", p.limit, "how many jobs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  AddJsonFlag(jobs, p);
  CLI::App* workers = Command(app, "workers", "List registered workers", "stroem workers");
  AddJsonFlag(workers, p);
}

int Dispatch(CLI::App& app, const Parsed& p, const CliContext& ctx) {
  CLI::App* sub = app.get_subcommands().front();
  const std::string& name = sub->get_name();
  if (name == "validate") return RunValidate(p.validate_path, ctx.out, ctx.err);
  if (name == "trigger") return RunTrigger(p.trigger, ctx);
  if (name == "status") return RunStatus(p.job_id, p.json, ctx);
  if (name == "cancel") return RunCancel(p.job_id, ctx);
  if (name == "logs") return RunLogs(p.logs, ctx);
  if (name == "tasks") return RunTasks(p.json, ctx);
  if (name == "jobs") return RunJobs(p.limit, p.json, ctx);
  if (name == "workers") return RunWorkers(p.json, ctx);
  return 1;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"stroem: run and inspect Strøm workflows"};
  app.require_subcommand(1);
  // Subcommands hand unknown options to the app, so --server works anywhere.
  app.fallthrough();
  CliContext ctx{"http://localhost:8080", std::cout, std::cerr};
  app.add_option("--server", ctx.server_url, "the Strøm server")
      ->envname("STROEM_URL")
      ->capture_default_str();
  Parsed p;
  CLI::App* validate = Command(app, "validate", "Check workflow YAML files offline",
                               "stroem validate workspace/.workflows/");
  validate
      ->add_option("path", p.validate_path,
                   "a workflow file, a folder of them, or a workspace root")
      ->required();
  AddTrigger(app, p);
  AddJobCommands(app, p);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "Error: " << e.what() << "\n(see --help)\n";
    return 1;
  }
  return Dispatch(app, p, ctx);
}

}  // namespace stroem::cli
