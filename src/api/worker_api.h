// Wire types of the worker API (contract §5 plus the robust-protocol additions: long-poll
// claims, attempts with leases, numbered log chunks, idempotent results) and their JSON
// forms. Plain structs here; Boost.JSON stays in worker_api.cc.
//
// Attempts are opaque to the worker: whatever JSON value the server put in the claim's
// `attempt` field is echoed verbatim (as `attempt_json`) in start, logs and complete.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace stroem::api {

// A step handed out by POST /worker/jobs/claim.
struct ClaimedStep {
  std::string job_id;
  std::string step_name;
  std::string action_name;
  std::string action_type;  // "shell", ...
  std::optional<std::string> action_image;
  std::string task_name;
  std::string workspace;
  // From action_spec: exactly one of cmd / script for shell actions.
  std::optional<std::string> cmd;
  std::optional<std::string> script;
  std::vector<std::pair<std::string, std::string>> env;  // action_spec.env, in order
  std::string action_spec_json;                          // the whole spec, compact JSON
  // The rendered step input: name -> value text (strings raw, other values as JSON).
  std::vector<std::pair<std::string, std::string>> inputs;
  std::string input_json;             // the input object, compact JSON
  std::string attempt_json = "null";  // echoed verbatim
  int lease_seconds = 0;              // 0 when the server sent none
  // The step's time limit (`timeout_ms`); the runner kills the process past it.
  std::optional<std::chrono::milliseconds> timeout;
  std::string lease_expires_at;  // RFC 3339, informational
};

// One line in a numbered log chunk.
struct WireLogLine {
  std::string ts;      // RFC 3339
  std::string stream;  // "stdout" or "stderr"
  std::string line;
};

// POST /worker/jobs/{job}/logs, numbered shape. `seq` starts at 0 per attempt.
struct LogChunk {
  std::string step;
  std::string attempt_json = "null";
  int64_t seq = 0;
  std::vector<WireLogLine> lines;
};

// POST /worker/jobs/{job}/steps/{step}/complete. Failed iff exit_code != 0 or error set.
struct StepResult {
  std::string attempt_json = "null";
  int exit_code = 0;
  std::optional<std::string> output_json;  // any JSON value; null when absent
  std::optional<std::string> error;
};

// A result may ask for the worker's next step ("next"), claimed by the server in the same
// request: a slot that just became free gets its next step without a claim round trip.
struct NextStepRequest {
  std::string worker_id;
  std::vector<std::string> capabilities;
};

// What a Strøm worker sends along with a result.
struct ResultExtras {
  std::optional<NextStepRequest> next;
  // The step's last log chunk (a compact body, compact_log_chunk.h), stored before the
  // result: a step that prints a little costs one request, not two.
  std::optional<std::string> logs;
};

// The answer to a result: whether the server already had it, whether it stored the
// `logs` sent along (a server that predates them ignores them), and the next step if one
// was asked for and ready.
struct CompleteAck {
  bool duplicate = false;
  bool logs_stored = false;
  std::optional<ClaimedStep> next;
};

// Request bodies.
std::string RegisterRequestJson(const std::string& name,
                                const std::vector<std::string>& capabilities);
// Without `attempt_jsons`: the seed's body, and the server extends every lease the worker
// holds. With it: the attempts the worker is running, as echoed values (null ones left out),
// always sent (empty too), and the server extends only those, so that a step claimed for
// this worker whose claim answer was lost expires instead of living forever.
std::string HeartbeatRequestJson(const std::string& worker_id);
std::string HeartbeatRequestJson(const std::string& worker_id,
                                 const std::vector<std::string>& attempt_jsons);
std::string ClaimRequestJson(const std::string& worker_id,
                             const std::vector<std::string>& capabilities, int wait_ms,
                             int max_steps = 1);
std::string StartRequestJson(const std::string& worker_id, const std::string& attempt_json);
std::string LogChunkJson(const LogChunk& chunk);
std::string StepResultJson(const StepResult& result, const ResultExtras& extras = {});

// Response bodies. Errors are kInvalidArgument with a message naming the field.
Result<std::string> ParseRegisterResponse(std::string_view body);  // the worker_id
// nullopt when the server had nothing to hand out (job_id null).
Result<std::optional<ClaimedStep>> ParseClaimResponse(std::string_view body);
// Every step of a claim response: the first (the seed's fields) and those in
// "more" (answers to `max_steps` > 1). Empty when nothing was claimed.
Result<std::vector<ClaimedStep>> ParseClaimResponses(std::string_view body);
// The answer to a result; `next` is empty unless it holds a claimed step.
Result<CompleteAck> ParseCompleteResponse(std::string_view body);
// The heartbeat answer's `cancel` list: attempts to stop, each as compact JSON text (so it
// compares equal to ClaimedStep::attempt_json). Empty when absent (older servers).
Result<std::vector<std::string>> ParseHeartbeatResponse(std::string_view body);
// True when the body says `"duplicate": true`.
bool IsDuplicateAck(std::string_view body);

// Parsers of the request bodies (round-trip tests; a server may use them).
Result<LogChunk> ParseLogChunk(std::string_view body);
Result<StepResult> ParseStepResult(std::string_view body);

// The JSON encoding of a chunk's framing without its lines: lets a batcher bound the
// request size. The encoded size of one line, in bytes (ts, stream, escapes included).
size_t EncodedLineSize(const WireLogLine& line);

}  // namespace stroem::api
