// Wire types of the public API (contract §4, plus per-step logs, the log stream and the
// worker list) with parsers for the server's answers. Plain structs; Boost.JSON stays in
// public_api.cc. Optional timestamps are empty strings when the server sent null.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace stroem::api {

struct TaskSummary {
  std::string name;
  std::string mode;
};

struct JobSummary {
  std::string job_id;
  std::string workspace;
  std::string task_name;
  std::string mode;
  std::string status;
  std::string created_at;
  std::string started_at;
  std::string completed_at;
};

struct StepSummary {
  std::string step_name;
  std::string action_name;
  std::string action_type;
  std::string status;
  std::string worker_id;
  std::string started_at;
  std::string completed_at;
  std::optional<std::string> error_message;
};

struct JobDetail {
  JobSummary job;
  std::string input_json = "null";
  std::string output_json = "null";
  std::vector<StepSummary> steps;
};

// One `event: log` of GET /api/jobs/{id}/logs/stream.
struct LogEvent {
  std::string ts;
  std::string stream;
  std::string step;
  std::string line;
};

struct WorkerSummary {
  std::string worker_id;
  std::string name;
  std::vector<std::string> capabilities;
  std::string status;
  std::string last_heartbeat;
  std::string registered_at;
};

// True for the job statuses that never change again.
bool IsTerminalJobStatus(std::string_view status);

// `{"input": <input_json>}`; `input_json` must be a JSON object's text.
std::string ExecuteRequestJson(const std::string& input_json);

// Parsers; errors are kInvalidArgument naming the document and field.
Result<std::vector<TaskSummary>> ParseTaskList(std::string_view body);
// Accepts the seed's bare array and an `{"items": [...]}` page.
Result<std::vector<JobSummary>> ParseJobList(std::string_view body);
Result<JobDetail> ParseJobDetail(std::string_view body);
Result<std::string> ParseExecuteResponse(std::string_view body);  // job_id
Result<std::string> ParseLogsResponse(std::string_view body);     // logs
Result<LogEvent> ParseLogEvent(std::string_view data);
Result<std::string> ParseEndEvent(std::string_view data);  // the final job status
Result<std::vector<WorkerSummary>> ParseWorkerList(std::string_view body);

// JSON text re-indented for people (2 spaces), for `--json` output.
std::string PrettyJson(std::string_view json_text);

}  // namespace stroem::api
