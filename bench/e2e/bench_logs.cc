// 7. Logs: one step printing 200 MB; MB/s from the process into the server's store, and
// the time to read the whole log back through the API.
#include <chrono>
#include <filesystem>

#include "benchmark.h"

namespace stroem::bench {

void RunLogs(Context& ctx) {
  const int lines = ctx.Size(2'000'000, 20'000);  // 100 bytes each
  const double mb = lines * 100.0 / 1e6;
  std::string print = "yes " + std::string(99, 'x') + " | head -n " + std::to_string(lines);
  std::string yaml = "actions:\n" + ShellAction("print", print) + "tasks:\n" +
                     StepsTask("logs", "print", 1, false);
  Cluster cluster(ctx.binaries, ctx.Options(yaml, 1, 4));
  std::string id = cluster.Execute("logs");
  JobTimes job = cluster.WaitJob("logs", id, 600, 20);
  double store = job.completed - job.created;
  double to_file = TimeShell(print + " > " + cluster.dir() + "/baseline.txt");

  auto start = std::chrono::steady_clock::now();
  auto body = cluster.http().Get("/api/jobs/" + id + "/logs",
                                 api::RequestOptions{std::chrono::seconds(600)});
  double read = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!body || body->status != 200) throw std::runtime_error("reading the log back failed");
  double read_base = TimeShell("cat " + cluster.dir() + "/baseline.txt > /dev/null");
  std::filesystem::remove(cluster.dir() + "/baseline.txt");

  const char* bench = "7 logs";
  std::string size = Fixed(mb, 0) + " MB";
  ctx.Add(bench, size + " process → store", Fixed(mb / store, 0) + " MB/s",
          Fixed(mb / to_file, 0) + " MB/s (to a file)", Ratio(to_file / store), "≥ 100 MB/s",
          mb / store >= 100);
  ctx.Add(bench, size + " read back (GET …/logs), " + Fixed(body->body.size() / 1e6, 0) + " MB",
          Fixed(read, 2) + " s", Fixed(read_base, 3) + " s (cat)", Ratio(read / read_base));
  ctx.Add(bench, "read back rate", Fixed(body->body.size() / 1e6 / read, 0) + " MB/s");
}

}  // namespace stroem::bench
