// The stored records of a compact log chunk (api/compact_log_chunk.h). A compact body is
// bytes, not JSON, so its lines are held here to the rules the runner applies to a step's
// output: invalid UTF-8 becomes U+FFFD, secret values are masked, and a line longer than
// kMaxLogLineBytes continues in further records, cut at a character boundary. The result
// is the LogStore's JSONL (the text AppendLogRecord writes), built without a LogRecord per
// line: a clean group of lines is checked as a whole and each line escaped straight into
// the output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "api/compact_log_chunk.h"
#include "server/secret_mask.h"

namespace stroem::server {

// The runner's default line limit (runner::ShellRunnerOptions::max_line_bytes).
inline constexpr size_t kMaxLogLineBytes = 64 * 1024;

// JSONL records, one per line (or piece of a long line), in the chunk's order.
std::string CompactChunkRecords(const api::CompactLogChunk& chunk, const SecretMasker& masker);

}  // namespace stroem::server
