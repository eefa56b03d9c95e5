// What happens to the bytes read from a step's stdout and stderr.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "runner/internal/line_splitter.h"
#include "runner/internal/output_parser.h"
#include "runner/runner.h"

namespace stroem::runner::internal {

struct CaptureLimits {
  size_t max_line_bytes;
  size_t max_output_bytes;
  size_t stderr_tail_bytes;
};

// Splits both streams into lines (each stream keeps its own unfinished line), makes them
// valid UTF-8, timestamps them with `clock` and hands them to `sink`; feeds stdout to the
// OUTPUT parser and keeps the last `stderr_tail_bytes` of stderr for the error message.
// Not thread-safe: one capture per run, used by the run's thread.
class OutputCapture {
 public:
  OutputCapture(LogSink& sink, const Clock& clock, const CaptureLimits& limits);

  void OnBytes(Stream stream, std::string_view bytes);
  // The stream ended: a last line without "\n" is emitted.
  void OnEof(Stream stream);
  // A message from the runner itself, logged as a stderr line "[stroem] ...".
  void Note(std::string_view text);

  const std::optional<std::string>& output() const { return parser_.output(); }
  // The end of stderr (lines joined with "\n"), cut at a character boundary.
  std::string StderrTail() const;

 private:
  void Emit(Stream stream, std::string_view fragment, bool line_end, TimePoint now);
  void RememberStderr(std::string_view text, bool line_end);
  LineSplitter& Splitter(Stream s) { return s == Stream::kStdout ? stdout_ : stderr_; }

  LogSink& sink_;
  const Clock& clock_;
  LineSplitter stdout_;
  LineSplitter stderr_;
  OutputParser parser_;
  size_t tail_bytes_;
  std::string tail_;  // at most 2 * tail_bytes_; trimmed in batches to keep appends cheap
};

}  // namespace stroem::runner::internal
