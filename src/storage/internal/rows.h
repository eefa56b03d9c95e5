// Conversions between store structs and backend rows/parameters. Both dialects select the
// columns in the orders documented here, so one mapping serves both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "storage/internal/backend.h"
#include "storage/store.h"

namespace stroem::storage::internal {

// Worker columns: worker_id, name, capabilities (JSON array), status, last_heartbeat,
// registered_at.
Result<Worker> WorkerFromRow(const Row& row);
// Job columns: job_id, workspace, task_name, mode, input, output, status, source_type,
// source_id, created_at, started_at, completed_at, timeout_ms, deadline_at.
Job JobFromRow(const Row& row);
// Step columns: job_id, step_name, flow_index, action_name, action_type, action_image,
// action_spec, input, output, status, worker_id, started_at, completed_at, error_message,
// exit_code, attempt, attempt_id, lease_expires_at, timeout_ms.
Step StepFromRow(const Row& row);
constexpr size_t kStepColumns = 19;  // a row may carry more columns after these

std::int64_t ToMicros(TimePoint t);
TimePoint FromMicros(std::int64_t micros);
Param TimeParam(TimePoint t);
Param OptionalText(const std::optional<std::string>& text);
Param OptionalInt(const std::optional<int>& value);
Param OptionalMillis(const std::optional<std::chrono::milliseconds>& value);

// A JSON array of strings, and back (kInternal when the stored text is not one).
std::string EncodeStringArray(const std::vector<std::string>& values);
// A job's steps as kInsertSteps reads them: name, index (flow order), action, type, image,
// spec, input, status (ready or pending), timeout_ms, deps (distinct dependencies),
// dependents (1 when another step depends on it). Counts the ready steps into `ready`.
std::string EncodeNewSteps(const NewJob& job, int& ready);
// Its dependency edges as kInsertDependencies reads them, each once: [[step, depends_on]].
std::string EncodeDependencies(const NewJob& job);
Result<std::vector<std::string>> DecodeStringArray(const std::string& json);

}  // namespace stroem::storage::internal
