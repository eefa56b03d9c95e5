// LogBatcher: turns a step's runner LogLines into numbered log chunk bodies.
//
// Lines are written straight into the open batch's compact body (api::CompactChunkWriter:
// no per-line objects, one timestamp text per pipe read). A batch is sealed when adding a
// line would take it past `max_bytes`, or when the shipper decides it is old enough
// (opened_at) or big enough, or the step ended. Chunks are numbered 0, 1, 2, ... per
// attempt, so a retried push is recognised by the server.
// Not thread-safe: the LogShipper guards it with its mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "api/compact_log_chunk.h"
#include "common/clock.h"
#include "runner/runner.h"

namespace stroem::worker {

// A sealed chunk: its number and the compact body to POST.
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

  bool empty() const { return !open_; }
  // The open batch's body size in bytes (0 when empty).
  size_t size() const { return open_ ? open_->size() : 0; }
  // When the first line of the open batch arrived (meaningless when empty()).
  TimePoint opened_at() const { return opened_at_; }
  int64_t next_seq() const { return seq_; }

 private:
  const std::string& TimestampOf(TimePoint t);

  const std::string step_;
  const std::string attempt_json_;
  const Clock& clock_;
  const size_t max_bytes_;
  int64_t seq_ = 0;
  std::optional<api::CompactChunkWriter> open_;
  TimePoint opened_at_{};
  // The last line's time, formatted: the lines of one pipe read share it.
  std::optional<TimePoint> ts_time_;
  std::string ts_text_;
};

}  // namespace stroem::worker
