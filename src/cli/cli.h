// The `stroem` command line: parses arguments and runs one command.
#pragma once

namespace stroem::cli {

// Returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace stroem::cli
