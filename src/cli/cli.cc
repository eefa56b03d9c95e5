#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/validate_command.h"

namespace stroem::cli {

int RunCli(int argc, char** argv) {
  CLI::App app{"stroem: run and inspect Strøm workflows"};
  app.require_subcommand(1);
  std::string path;
  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check workflow YAML files offline\n  example: stroem validate workspace/.workflows/");
  validate->add_option("path", path, "a workflow file, a folder of them, or a workspace root")
      ->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*validate) return RunValidate(path, std::cout, std::cerr);
  return 1;
}

}  // namespace stroem::cli
