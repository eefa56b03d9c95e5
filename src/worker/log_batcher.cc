#include "worker/log_batcher.h"

namespace stroem::worker {

LogBatcher::LogBatcher(std::string step, std::string attempt_json, const Clock& clock,
                       size_t max_bytes)
    : clock_(clock), max_bytes_(max_bytes) {
  open_.step = std::move(step);
  open_.attempt_json = std::move(attempt_json);
}

std::optional<SealedChunk> LogBatcher::Add(const runner::LogLine& line) {
  api::WireLogLine wire{FormatRfc3339(line.time),
                        line.stream == runner::Stream::kStderr ? "stderr" : "stdout", line.text};
  size_t size = api::EncodedLineSize(wire);
  std::optional<SealedChunk> sealed;
  if (!empty() && open_bytes_ + size > max_bytes_) sealed = Seal();
  if (empty()) opened_at_ = clock_.Now();
  open_.lines.push_back(std::move(wire));
  open_bytes_ += size;
  return sealed;
}

std::optional<SealedChunk> LogBatcher::Seal() {
  if (empty()) return std::nullopt;
  SealedChunk chunk{open_.seq, api::LogChunkJson(open_), open_.lines.size()};
  open_.lines.clear();
  open_bytes_ = 0;
  ++open_.seq;
  return chunk;
}

}  // namespace stroem::worker
