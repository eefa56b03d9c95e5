// stroem_e2e_bench: the end-to-end benchmarks of issue 7 and the HTTP figures of issue 4,
// on SQLite and on PostgreSQL (when $STROEM_TEST_PG_URL is set), printed as one table.
//   stroem_e2e_bench [--only NAME,...] [--backend sqlite|postgres|all] [--smoke]
//                    [--rounds N] [--markdown FILE] [--graphile-dir DIR] [--list]
// --smoke: tiny sizes, no judgement (what `make test` runs). Exits 1 when a benchmark
// could not run; a missed target is reported, never an error.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "benchmark.h"

using namespace stroem::bench;

namespace {

struct Flags {
  std::set<std::string> only;
  std::string backend = "all";
  std::string markdown;
  bool smoke = false;
  bool list = false;
  int rounds = 3;
  std::string graphile_dir;
  Binaries binaries{STROEM_E2E_SERVER_BIN, STROEM_E2E_WORKER_BIN, STROEM_E2E_STAMP_BIN,
                    STROEM_E2E_PEER_SCRIPT};
};

[[noreturn]] void Usage(const std::string& error) {
  std::cerr << "Error: " << error
            << "\nusage: stroem_e2e_bench [--only NAME,...] [--backend sqlite|postgres|all] "
               "[--smoke] [--rounds N] [--markdown FILE] [--graphile-dir DIR] [--list]\n";
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--smoke")
      f.smoke = true;
    else if (arg == "--list")
      f.list = true;
    else if (arg == "--backend")
      f.backend = value();
    else if (arg == "--rounds")
      f.rounds = std::max(1, std::atoi(value().c_str()));
    else if (arg == "--markdown")
      f.markdown = value();
    else if (arg == "--graphile-dir")
      f.graphile_dir = value();
    else if (arg == "--server")
      f.binaries.server = value();
    else if (arg == "--worker")
      f.binaries.worker = value();
    else if (arg == "--only") {
      std::stringstream names(value());
      for (std::string name; std::getline(names, name, ',');) f.only.insert(name);
    } else
      Usage("unknown argument '" + arg + "'");
  }
  if (f.backend != "sqlite" && f.backend != "postgres" && f.backend != "all")
    Usage("--backend: sqlite, postgres or all");
  for (const std::string& name : f.only) {
    bool known = false;
    for (const Benchmark& b : AllBenchmarks()) known |= name == b.name;
    if (!known) Usage("unknown benchmark '" + name + "' (see --list)");
  }
  return f;
}

std::vector<Backend> Backends(const Flags& f) {
  const char* pg = std::getenv("STROEM_TEST_PG_URL");
  bool have_pg = pg && *pg;
  if (f.backend == "postgres" && !have_pg)
    Usage("--backend postgres needs STROEM_TEST_PG_URL (scripts/with-postgres)");
  std::vector<Backend> out;
  if (f.backend != "postgres") out.push_back(Backend::kSqlite);
  if (f.backend != "sqlite" && have_pg) out.push_back(Backend::kPostgres);
  if (f.backend == "all" && !have_pg)
    std::cerr << "note: STROEM_TEST_PG_URL not set, PostgreSQL skipped\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  if (flags.list) {
    for (const Benchmark& b : AllBenchmarks()) std::cout << b.name << "\t" << b.summary << "\n";
    return 0;
  }
  Report report;
  int failures = 0;
  std::map<Backend, std::optional<ManyJobsResult>> many_jobs;  // benchmark 3 -> 9
  for (const Benchmark& b : AllBenchmarks()) {
    if (!flags.only.empty() && !flags.only.count(b.name)) continue;
    for (Backend backend : Backends(flags)) {
      Context ctx{flags.binaries,     backend, flags.smoke, flags.smoke ? 1 : flags.rounds,
                  flags.graphile_dir, &report};
      std::cerr << "== " << b.name << " on " << BackendName(backend) << "\n";
      ctx.many_jobs = many_jobs[backend];
      try {
        b.run(ctx);
        many_jobs[backend] = ctx.many_jobs;
      } catch (const std::exception& e) {
        ++failures;
        std::cerr << "FAILED " << b.name << " on " << BackendName(backend) << ": " << e.what()
                  << "\n";
        report.Add(Row{b.name, BackendName(backend), "FAILED (see above)", "-", "", "", "", false});
      }
    }
  }
  std::cout << "\n";
  report.Print(std::cout);
  if (!flags.markdown.empty()) {
    std::ofstream out(flags.markdown);
    report.Markdown(out);
  }
  if (!flags.smoke) std::cout << "\ntargets missed: " << report.missed() << "\n";
  return failures ? 1 : 0;
}
