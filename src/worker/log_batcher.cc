#include "worker/log_batcher.h"

namespace stroem::worker {

namespace {
// A group header ("stdout <ts> <length>\n") plus a line's "\n": what a line may add to a
// body beyond its text.
constexpr size_t kLineOverhead = 48;
}  // namespace

LogBatcher::LogBatcher(std::string step, std::string attempt_json, const Clock& clock,
                       size_t max_bytes)
    : step_(std::move(step)),
      attempt_json_(std::move(attempt_json)),
      clock_(clock),
      max_bytes_(max_bytes) {}

const std::string& LogBatcher::TimestampOf(TimePoint t) {
  if (ts_time_ != t) {
    ts_text_ = FormatRfc3339(t);
    ts_time_ = t;
  }
  return ts_text_;
}

std::optional<SealedChunk> LogBatcher::Add(const runner::LogLine& line) {
  std::optional<SealedChunk> sealed;
  if (!empty() && open_->size() + line.text.size() + kLineOverhead > max_bytes_) sealed = Seal();
  if (empty()) {
    opened_at_ = clock_.Now();
    open_.emplace(step_, attempt_json_, seq_);
  }
  open_->Add(line.stream == runner::Stream::kStderr ? "stderr" : "stdout", TimestampOf(line.time),
             line.text);
  return sealed;
}

std::optional<SealedChunk> LogBatcher::Seal() {
  if (empty()) return std::nullopt;
  size_t lines = open_->lines();
  SealedChunk chunk{seq_, open_->Finish(), lines};
  open_.reset();
  ++seq_;
  return chunk;
}

}  // namespace stroem::worker
