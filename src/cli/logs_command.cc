// `stroem logs <job> [--step NAME] [--follow]`.
#include <ostream>

#include "api/http_client.h"
#include "api/public_api.h"
#include "api/public_client.h"
#include "cli/commands.h"
#include "cli/job_follow.h"

namespace stroem::cli {

int RunLogs(const LogsArgs& args, const CliContext& ctx) {
  api::PublicClient client(ctx.server_url);
  if (args.follow) {
    auto status = FollowJob(client, args.job_id, args.step, &ctx.out);
    return status ? 0 : PrintError(ctx, status.error().message);
  }
  std::string path = "/api/jobs/" + api::UrlEncode(args.job_id) + "/logs";
  if (args.step) path += "?step=" + api::UrlEncode(*args.step);
  auto body = client.Get(path);
  if (!body) return PrintError(ctx, body.error().message);
  auto logs = api::ParseLogsResponse(*body);
  if (!logs) return PrintError(ctx, "Failed to parse response: " + logs.error().message);
  ctx.out << *logs << std::flush;
  return 0;
}

}  // namespace stroem::cli
