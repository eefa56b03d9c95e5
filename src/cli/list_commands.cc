// `stroem tasks`, `stroem jobs`, `stroem workers`: tables (contract §7) or --json.
#include <ostream>

#include "api/http_client.h"
#include "api/public_api.h"
#include "api/public_client.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace stroem::cli {
namespace {

// Fetches `path`; prints the body as JSON when asked, else hands it to `table`.
template <typename Table>
int List(const CliContext& ctx, const std::string& path, bool json, Table table) {
  api::PublicClient client(ctx.server_url);
  auto body = client.Get(path);
  if (!body) return PrintError(ctx, body.error().message);
  if (json) {
    ctx.out << api::PrettyJson(*body) << '\n';
    return 0;
  }
  return table(*body);
}

}  // namespace

int RunTasks(bool json, const CliContext& ctx) {
  return List(ctx, "/api/tasks", json, [&](const std::string& body) {
    auto tasks = api::ParseTaskList(body);
    if (!tasks) return PrintError(ctx, "Failed to parse response: " + tasks.error().message);
    if (tasks->empty()) {
      ctx.out << "No tasks found.\n";
      return 0;
    }
    ctx.out << Pad("NAME", 30) << " MODE\n" << std::string(45, '-') << '\n';
    for (const auto& t : *tasks) ctx.out << Pad(t.name, 30) << ' ' << t.mode << '\n';
    return 0;
  });
}

int RunJobs(int limit, bool json, const CliContext& ctx) {
  return List(ctx, "/api/jobs?limit=" + std::to_string(limit), json, [&](const std::string& body) {
    auto jobs = api::ParseJobList(body);
    if (!jobs) return PrintError(ctx, "Failed to parse response: " + jobs.error().message);
    if (jobs->empty()) {
      ctx.out << "No jobs found.\n";
      return 0;
    }
    ctx.out << Pad("JOB ID", 36) << ' ' << Pad("TASK", 20) << ' ' << Pad("STATUS", 12)
            << " CREATED\n"
            << std::string(85, '-') << '\n';
    for (const auto& j : *jobs)
      ctx.out << Pad(j.job_id, 36) << ' ' << Pad(j.task_name, 20) << ' ' << Pad(j.status, 12) << ' '
              << j.created_at << '\n';
    return 0;
  });
}

int RunWorkers(bool json, const CliContext& ctx) {
  return List(ctx, "/api/workers", json, [&](const std::string& body) {
    auto workers = api::ParseWorkerList(body);
    if (!workers) return PrintError(ctx, "Failed to parse response: " + workers.error().message);
    if (workers->empty()) {
      ctx.out << "No workers found.\n";
      return 0;
    }
    ctx.out << Pad("WORKER ID", 36) << ' ' << Pad("NAME", 20) << ' ' << Pad("STATUS", 10)
            << " LAST HEARTBEAT\n"
            << std::string(92, '-') << '\n';
    for (const auto& w : *workers)
      ctx.out << Pad(w.worker_id, 36) << ' ' << Pad(w.name, 20) << ' ' << Pad(w.status, 10) << ' '
              << w.last_heartbeat << '\n';
    return 0;
  });
}

}  // namespace stroem::cli
