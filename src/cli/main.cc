// stroem: the command-line client. Everything lives in the cli library.
#include "cli/cli.h"

int main(int argc, char** argv) {
  return stroem::cli::RunCli(argc, argv);
}
