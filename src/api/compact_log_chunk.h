// The compact log chunk: the body the Strøm worker POSTs to /worker/jobs/{id}/logs with
// `Content-Type: application/x-stroem-log-chunk`, an additive alternative to the numbered
// JSON chunk (LogChunkJson) that neither side has to build or parse per line:
//
//   {"step":"build","attempt":"…","seq":0}\n      header: one JSON object on one line
//   stdout 2026-11-27T10:00:00.000000Z 24\n        group: stream, timestamp, byte length
//   first line\nsecond line\n                      exactly that many bytes: lines, each
//   stderr 2026-11-27T10:00:00.000100Z 5\n         ending in "\n"
//   oops\n
//
// A group is consecutive lines of one stream read at one time; the body ends right after
// its last group (a chunk may have none). The length is decimal (leading zeros allowed).
// The format is described for other implementers in docs/api-reference.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/worker_api.h"
#include "common/error.h"

namespace stroem::api {

inline constexpr std::string_view kCompactLogChunkType = "application/x-stroem-log-chunk";

// Builds a compact body line by line. Lines with the same stream and timestamp as the
// previous one join its group, so a chunk costs a group header per pipe read, not per line.
// A line must not contain "\n" (the runner never makes one that does).
class CompactChunkWriter {
 public:
  CompactChunkWriter(std::string_view step, std::string_view attempt_json, int64_t seq);

  void Add(std::string_view stream, std::string_view ts, std::string_view line);
  size_t size() const { return body_.size(); }
  size_t lines() const { return lines_; }
  // The finished body; the writer is empty afterwards.
  std::string Finish();

 private:
  void CloseGroup();

  std::string body_;
  size_t lines_ = 0;
  std::string group_stream_;
  std::string group_ts_;
  size_t group_length_at_ = std::string::npos;  // where the open group's length goes
  size_t group_start_ = 0;                      // where its lines start
};

// One group of a parsed chunk; views into the body.
struct CompactLogGroup {
  std::string_view stream;  // "stdout" or "stderr"
  std::string_view ts;
  std::string_view lines;  // complete lines, each ending in "\n"
};

struct CompactLogChunk {
  std::string step;
  std::string attempt_json = "null";   // the header's `attempt`, compact JSON
  std::optional<std::string> attempt;  // the same when it is a JSON string
  int64_t seq = 0;
  std::vector<CompactLogGroup> groups;  // views into the parsed body
};

// Parses a compact body (which must outlive the result). Errors are kInvalidArgument with
// a message naming the part that is wrong, e.g. "log chunk group 2 (byte 4711): length
// 900 runs past the end of the body (12 bytes left)".
Result<CompactLogChunk> ParseCompactLogChunk(std::string_view body);

// Calls fn(line) for each line of a group, without its "\n".
template <typename Fn>
void ForEachLine(std::string_view lines, Fn&& fn) {
  while (!lines.empty()) {
    size_t end = lines.find('\n');
    fn(lines.substr(0, end));
    lines.remove_prefix(end + 1);
  }
}

// The same chunk as the numbered JSON body (for servers that predate the compact form).
std::string CompactToLogChunkJson(const CompactLogChunk& chunk);

}  // namespace stroem::api
