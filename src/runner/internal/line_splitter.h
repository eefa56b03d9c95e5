// Cuts a byte stream into lines, and lines longer than a limit into fragments.
#pragma once

#include <string>
#include <string_view>

#include "common/utf8.h"

namespace stroem::runner::internal {

// Feed() bytes as they are read; `emit(fragment, line_end)` is called for each piece:
//  - a complete line, without "\n" and without a "\r" before it: line_end = true;
//  - the first `max_line_bytes` (or up to 3 fewer, never cutting a UTF-8 sequence) of a
//    line that is longer: line_end = false, and the rest follows.
// Finish() emits a last line that had no "\n". Memory is bounded by max_line_bytes.
// Lower bound on the limit, so the first fragment of a line always holds a whole
// "OUTPUT: " prefix.
inline constexpr size_t kMinLineBytes = 16;

class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line_bytes)
      : max_(max_line_bytes < kMinLineBytes ? kMinLineBytes : max_line_bytes) {}

  template <typename Emit>
  void Feed(std::string_view data, Emit&& emit) {
    while (!data.empty()) {
      size_t nl = data.find('\n');
      if (nl == std::string_view::npos) return Append(data, emit);
      if (pending_.empty() && nl <= max_) {
        EmitLine(data.substr(0, nl), emit);  // a whole line in this read: no copy
      } else {
        Append(data.substr(0, nl), emit);
        EmitLine(pending_, emit);
        pending_.clear();
      }
      data.remove_prefix(nl + 1);
    }
  }

  template <typename Emit>
  void Finish(Emit&& emit) {
    if (pending_.empty()) return;
    EmitLine(pending_, emit);
    pending_.clear();
  }

 private:
  template <typename Emit>
  void Append(std::string_view piece, Emit& emit) {
    while (pending_.size() + piece.size() > max_) {
      size_t take = max_ - pending_.size();
      pending_.append(piece.substr(0, take));
      piece.remove_prefix(take);
      // pending_ holds exactly max_ bytes and piece continues the line: cut before any
      // sequence that straddles the boundary.
      pending_.push_back(piece.front());
      size_t cut = Utf8SafeCut(pending_, max_);
      pending_.pop_back();
      emit(std::string_view(pending_).substr(0, cut), false);
      pending_.erase(0, cut);
    }
    pending_.append(piece);
  }

  template <typename Emit>
  static void EmitLine(std::string_view line, Emit& emit) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    emit(line, true);
  }

  size_t max_;
  std::string pending_;  // the unfinished line; never longer than max_
};

}  // namespace stroem::runner::internal
