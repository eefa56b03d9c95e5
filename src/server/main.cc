// stroem-server: configuration, signals, and the Server library.
//   STROEM_CONFIG=server-config.yaml stroem-server [--ready-file PATH]
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "common/log.h"
#include "server/config.h"
#include "server/embedded_worker.h"
#include "server/server.h"

extern char** environ;

namespace {

struct Flags {
  std::string ready_file;
};

bool ParseFlags(int argc, char** argv, Flags& flags) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--ready-file" && i + 1 < argc) {
      flags.ready_file = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout
          << "usage: stroem-server [--ready-file PATH]\n"
             "  Configuration: the file named by STROEM_CONFIG (none: single-node defaults),\n"
             "  overridden by STROEM__SECTION__KEY environment variables. See "
             "docs/configuration.md.\n"
             "  --ready-file PATH  write the server's URL to PATH once it listens\n";
      std::exit(0);
    } else {
      std::cerr << "Error: unknown argument '" << arg << "' (see --help)\n";
      return false;
    }
  }
  return true;
}

// Blocks SIGTERM/SIGINT in every thread so that main can wait for them.
sigset_t BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, flags)) return 2;
  sigset_t stop_signals = BlockStopSignals();
  const char* config_path = std::getenv("STROEM_CONFIG");
  auto config = stroem::server::LoadServerConfig(config_path ? config_path : "", environ);
  if (!config) {
    std::cerr << "Error: invalid configuration:\n" << config.error().message << "\n";
    return 2;
  }
  stroem::ConfigureLog(config->log_format, config->log_level);
  stroem::server::Server server(*config);
  if (auto started = server.Start(); !started) {
    stroem::LogError("cannot start: " + started.error().message);
    return 1;
  }
  auto worker = stroem::server::StartEmbeddedWorker(*config, server.url(), server.worker_token());
  if (!flags.ready_file.empty()) std::ofstream(flags.ready_file) << server.url() << "\n";
  int signal = 0;
  sigwait(&stop_signals, &signal);
  stroem::LogInfo(std::string("received ") + strsignal(signal) + ": stopping");
  worker.reset();  // drains its running steps first
  server.Stop();
  stroem::LogInfo("stopped");
  return 0;
}
