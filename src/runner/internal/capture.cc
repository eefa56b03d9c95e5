#include "runner/internal/capture.h"

#include "common/utf8.h"

namespace stroem::runner::internal {

OutputCapture::OutputCapture(LogSink& sink, const Clock& clock, const CaptureLimits& limits)
    : sink_(sink),
      clock_(clock),
      stdout_(limits.max_line_bytes),
      stderr_(limits.max_line_bytes),
      parser_(limits.max_output_bytes),
      tail_bytes_(limits.stderr_tail_bytes) {}

void OutputCapture::OnBytes(Stream stream, std::string_view bytes) {
  TimePoint now = clock_.Now();  // one read, one timestamp: the lines arrived together
  Splitter(stream).Feed(bytes, [&](std::string_view fragment, bool line_end) {
    Emit(stream, fragment, line_end, now);
  });
}

void OutputCapture::OnEof(Stream stream) {
  TimePoint now = clock_.Now();
  Splitter(stream).Finish(
      [&](std::string_view fragment, bool line_end) { Emit(stream, fragment, line_end, now); });
}

void OutputCapture::Note(std::string_view text) {
  sink_.OnLine(LogLine{clock_.Now(), Stream::kStderr, "[stroem] " + std::string(text)});
}

void OutputCapture::Emit(Stream stream, std::string_view fragment, bool line_end, TimePoint now) {
  std::string text = SanitizeUtf8(std::string(fragment));
  std::optional<std::string> note;
  if (stream == Stream::kStdout) {
    note = parser_.OnFragment(text, line_end);
  } else {
    RememberStderr(text, line_end);
  }
  sink_.OnLine(LogLine{now, stream, std::move(text)});
  // The note follows the line it is about.
  if (note) sink_.OnLine(LogLine{now, Stream::kStderr, std::move(*note)});
}

void OutputCapture::RememberStderr(std::string_view text, bool line_end) {
  if (tail_bytes_ == 0) return;
  if (text.size() > tail_bytes_) text.remove_prefix(text.size() - tail_bytes_);
  tail_.append(text);
  if (line_end) tail_.push_back('\n');
  // Keep one byte more than reported: the final "\n" is not part of the report.
  if (tail_.size() > 2 * tail_bytes_) tail_.erase(0, tail_.size() - tail_bytes_ - 1);
}

std::string OutputCapture::StderrTail() const {
  std::string_view tail(tail_);
  while (!tail.empty() && tail.back() == '\n') tail.remove_suffix(1);
  if (tail.size() > tail_bytes_) {
    tail.remove_prefix(tail.size() - tail_bytes_);
    // Skip the continuation bytes of a character cut in half.
    while (!tail.empty() && (static_cast<unsigned char>(tail.front()) & 0xC0) == 0x80) {
      tail.remove_prefix(1);
    }
  }
  return std::string(tail);
}

}  // namespace stroem::runner::internal
