// Recognises `OUTPUT: {json}` lines on stdout (contract §2.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stroem::runner::internal {

// Fed every stdout fragment in order (as LineSplitter emits them). A line is an output
// line iff it starts at column 0 with exactly "OUTPUT: "; the rest (trailing "\r" already
// stripped) must be one JSON value, any kind. The last valid one wins; an invalid one is
// ignored (an earlier value stays) and reported back as a note for the log. Output
// lines larger than `max_output_bytes` are ignored the same way, so memory stays bounded.
class OutputParser {
 public:
  explicit OutputParser(size_t max_output_bytes) : max_bytes_(max_output_bytes) {}

  // Returns a note ("[stroem] ignored invalid OUTPUT line: ...") when this fragment
  // completed an output line that was ignored.
  std::optional<std::string> OnFragment(std::string_view text, bool line_end);

  // The last valid value, re-serialised compactly.
  const std::optional<std::string>& output() const { return output_; }

 private:
  std::optional<std::string> Finish();

  size_t max_bytes_;
  bool at_line_start_ = true;
  bool in_output_line_ = false;
  bool too_large_ = false;
  std::string json_;  // the current output line's text after the prefix
  std::optional<std::string> output_;
};

}  // namespace stroem::runner::internal
