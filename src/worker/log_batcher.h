// LogBatcher: turns a step's runner LogLines into numbered log chunk bodies.
//
// Lines accumulate in an open batch; a batch is sealed into one request body
// (api::LogChunkJson) when adding a line would take its encoded size past `max_bytes`,
// or when the shipper decides it is old enough (opened_at) or the step ended. Chunks are
// numbered 0, 1, 2, ... per attempt, so a retried push is recognised by the server.
// Not thread-safe: the LogShipper guards it with its mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "api/worker_api.h"
#include "common/clock.h"
#include "runner/runner.h"

namespace stroem::worker {

// A sealed chunk: its number and the JSON body to POST.
struct SealedChunk {
  int64_t seq = 0;
  std::string body;
  size_t lines = 0;
};

class LogBatcher {
 public:
  // `max_bytes` bounds a body (one oversized line still makes a chunk of its own).
  LogBatcher(std::string step, std::string attempt_json, const Clock& clock,
             size_t max_bytes = 64 * 1024);

  // Adds a line. Returns the previous batch, sealed, when the line did not fit into it.
  std::optional<SealedChunk> Add(const runner::LogLine& line);
  // Seals the open batch; nullopt when it is empty.
  std::optional<SealedChunk> Seal();

  bool empty() const { return open_.lines.empty(); }
  // When the first line of the open batch arrived (meaningless when empty()).
  TimePoint opened_at() const { return opened_at_; }
  int64_t next_seq() const { return open_.seq; }

 private:
  const Clock& clock_;
  size_t max_bytes_;
  api::LogChunk open_;
  size_t open_bytes_ = 0;  // encoded size of open_.lines
  TimePoint opened_at_{};
};

}  // namespace stroem::worker
