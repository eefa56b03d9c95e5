#include "runner/internal/output_parser.h"

#include <boost/json.hpp>

namespace stroem::runner::internal {
namespace {

constexpr std::string_view kPrefix = "OUTPUT: ";
constexpr std::string_view kNote = "[stroem] ignored invalid OUTPUT line: ";
// A step's output is data handed to later steps, not a stress test for the parser's
// default nesting limit of 32.
constexpr size_t kMaxDepth = 512;

}  // namespace

std::optional<std::string> OutputParser::OnFragment(std::string_view text, bool line_end) {
  if (at_line_start_) {
    in_output_line_ = text.substr(0, kPrefix.size()) == kPrefix;
    too_large_ = false;
    json_.clear();
    if (in_output_line_) text.remove_prefix(kPrefix.size());
  }
  at_line_start_ = line_end;
  if (!in_output_line_) return std::nullopt;
  if (!too_large_ && json_.size() + text.size() <= max_bytes_) {
    json_.append(text);
  } else {
    too_large_ = true;
    json_.clear();
    json_.shrink_to_fit();
  }
  return line_end ? Finish() : std::nullopt;
}

std::optional<std::string> OutputParser::Finish() {
  in_output_line_ = false;
  if (too_large_) {
    return std::string(kNote) + "larger than " + std::to_string(max_bytes_) + " bytes";
  }
  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json_, ec, {}, options);
  if (ec) return std::string(kNote) + ec.message();
  output_ = boost::json::serialize(value);
  return std::nullopt;
}

}  // namespace stroem::runner::internal
