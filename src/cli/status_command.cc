// `stroem status <job>`: the job and its steps (contract §7), or --json; `stroem cancel`.
#include <ostream>

#include "api/http_client.h"
#include "api/public_api.h"
#include "api/public_client.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace stroem::cli {
namespace {

void PrintJob(const api::JobDetail& d, std::ostream& out) {
  const api::JobSummary& j = d.job;
  out << "Job:       " << j.job_id << '\n'
      << "Task:      " << j.task_name << '\n'
      << "Status:    " << j.status << '\n'
      << "Mode:      " << j.mode << '\n'
      << "Created:   " << j.created_at << '\n';
  if (!j.started_at.empty()) out << "Started:   " << j.started_at << '\n';
  if (!j.completed_at.empty()) out << "Done:      " << j.completed_at << '\n';
  if (d.steps.empty()) return;
  out << "\nSteps:\n";
  for (const api::StepSummary& s : d.steps) {
    out << "  " << Pad(s.step_name, 20) << ' ' << Pad(s.status, 12) << " (action: " << s.action_name
        << ')';
    if (s.error_message) out << "  ERROR: " << *s.error_message;
    out << '\n';
  }
}

}  // namespace

int RunStatus(const std::string& job_id, bool json, const CliContext& ctx) {
  api::PublicClient client(ctx.server_url);
  auto body = client.Get("/api/jobs/" + api::UrlEncode(job_id));
  if (!body) return PrintError(ctx, body.error().message);
  if (json) {
    ctx.out << api::PrettyJson(*body) << '\n';
    return 0;
  }
  auto detail = api::ParseJobDetail(*body);
  if (!detail) return PrintError(ctx, "Failed to parse response: " + detail.error().message);
  PrintJob(*detail, ctx.out);
  return 0;
}

int RunCancel(const std::string& job_id, const CliContext& ctx) {
  api::PublicClient client(ctx.server_url);
  auto body = client.Post("/api/jobs/" + api::UrlEncode(job_id) + "/cancel", "{}");
  if (!body) return PrintError(ctx, body.error().message);
  ctx.out << "Job " << job_id << " cancelled\n";
  return 0;
}

}  // namespace stroem::cli
