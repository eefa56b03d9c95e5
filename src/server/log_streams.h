// Streamed job logs: the seed's `{"logs": "..."}` document and the live
// Server-Sent Events stream, both read from the LogStore piece by piece.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "server/http_types.h"
#include "server/server_context.h"

namespace stroem::server {

// `{"logs": "<every line of the job, or of one step, each ending in \n>"}`.
std::shared_ptr<BodyStream> MakeLogTextBody(ServerContext& ctx, std::string job_id,
                                            std::optional<std::string> step);

// `event: log` per line (data: {"ts","stream","step","line"}), then, once the
// job is terminal and its log read to the end, `event: end` with its status.
std::shared_ptr<BodyStream> MakeLogEventBody(ServerContext& ctx, std::string job_id,
                                             std::optional<std::string> step);

}  // namespace stroem::server
