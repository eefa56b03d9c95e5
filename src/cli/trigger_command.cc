// `stroem trigger <task>`: create a job; optionally wait for it and stream its logs.
#include <ostream>

#include "api/http_client.h"
#include "api/public_api.h"
#include "api/public_client.h"
#include "cli/commands.h"
#include "cli/input_options.h"
#include "cli/job_follow.h"

namespace stroem::cli {
namespace {

// Waits for the job's end; 0 when completed, 2 for any other final status.
int Wait(const api::PublicClient& client, const std::string& job_id, const TriggerArgs& args,
         const CliContext& ctx) {
  auto status = FollowJob(client, job_id, std::nullopt, args.follow ? &ctx.out : nullptr);
  if (!status) return PrintError(ctx, status.error().message);
  if (args.json) {
    auto body = client.Get("/api/jobs/" + api::UrlEncode(job_id));
    if (!body) return PrintError(ctx, body.error().message);
    ctx.out << api::PrettyJson(*body) << '\n';
  } else {
    ctx.out << "Job " << job_id << " " << *status << '\n';
  }
  return *status == "completed" ? 0 : 2;
}

}  // namespace

int RunTrigger(const TriggerArgs& args, const CliContext& ctx) {
  auto input = BuildInput(args.input, args.input_file, args.sets);
  if (!input) return PrintError(ctx, input.error().message);
  api::PublicClient client(ctx.server_url);
  auto body = client.Post("/api/tasks/" + api::UrlEncode(args.task) + "/execute",
                          api::ExecuteRequestJson(*input));
  if (!body) return PrintError(ctx, body.error().message);
  auto job_id = api::ParseExecuteResponse(*body);
  if (!job_id) return PrintError(ctx, "Failed to parse response: " + job_id.error().message);
  if (!args.json) ctx.out << "Job created: " << *job_id << '\n' << std::flush;
  if (args.wait || args.follow) return Wait(client, *job_id, args, ctx);
  if (args.json) ctx.out << api::PrettyJson(*body) << '\n';
  return 0;
}

}  // namespace stroem::cli
