// Following a job live through GET /api/jobs/{id}/logs/stream (server-sent events).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "api/public_client.h"
#include "common/error.h"

namespace stroem::cli {

// Reads the job's log stream until its `end` event and returns the final job status.
// With `print`, each log line is written there as it arrives (text + "\n"), like
// `stroem logs`. A stream that breaks (server restart) is reopened; the lines already
// printed are skipped, so nothing is printed twice. Gives up after about 60 s without a
// connection.
Result<std::string> FollowJob(const api::PublicClient& client, const std::string& job_id,
                              const std::optional<std::string>& step, std::ostream* print);

}  // namespace stroem::cli
