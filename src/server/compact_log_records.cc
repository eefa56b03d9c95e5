#include "server/compact_log_records.h"

#include <cstdint>
#include <cstring>

#include "common/json_text.h"
#include "common/utf8.h"

namespace stroem::server {
namespace {

unsigned char At(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]);
}

// Flags (0x80) the bytes of `word` that a stored line cannot hold as they are: control
// characters ("\n" among them), '"' and '\\'. The lowest flag is always right (higher ones
// may be false positives), which is all NextSpecial needs.
uint64_t SpecialBytes(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
  uint64_t quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
  return (((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
          ((backslash - kOnes) & ~backslash)) &
         kHigh;
}

bool IsSpecial(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

// The index of the first special byte at or after `i`, or text.size().
size_t NextSpecial(std::string_view text, size_t i) {
  for (uint64_t word; i + 8 <= text.size(); i += 8) {
    std::memcpy(&word, text.data() + i, 8);
    if (uint64_t flags = SpecialBytes(word)) return i + static_cast<size_t>(__builtin_ctzll(flags)) / 8;
  }
  while (i < text.size() && !IsSpecial(At(text, i))) ++i;
  return i;
}

// The JSON escape of a special byte other than "\n", as AppendJsonString writes it.
void AppendEscape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"': out.append("\\\""); break;
    case '\\': out.append("\\\\"); break;
    case '\t': out.append("\\t"); break;
    case '\r': out.append("\\r"); break;
    default: out.append("\\u00").append(1, kHex[c >> 4]).append(1, kHex[c & 0xF]);
  }
}

class RecordWriter {
 public:
  RecordWriter(std::string& out, const std::string& step) : out_(out), step_(step) {}

  void StartGroup(const api::CompactLogGroup& group) {
    head_ = "{\"ts\":";
    AppendJsonString(head_, group.ts);
    head_.append(",\"stream\":\"").append(group.stream).append("\",\"step\":");
    AppendJsonString(head_, step_);
    head_.append(",\"line\":\"");
  }

  // The records of a group's lines when they are well-formed and hold no secret: one pass
  // over the bytes, copying the runs between special bytes.
  void CleanLines(std::string_view lines) {
    size_t line_start = 0, run = 0, record_start = out_.size();
    if (!lines.empty()) out_.append(head_);
    for (size_t i = NextSpecial(lines, 0); i < lines.size(); i = NextSpecial(lines, i + 1)) {
      out_.append(lines.data() + run, i - run);
      run = i + 1;
      if (lines[i] != '\n') {
        AppendEscape(out_, At(lines, i));
        continue;
      }
      if (i - line_start > kMaxLogLineBytes) {  // rare: redo this line in pieces
        out_.resize(record_start);
        Line(lines.substr(line_start, i - line_start));
      } else {
        out_.append("\"}\n");
      }
      line_start = i + 1;
      record_start = out_.size();
      if (line_start < lines.size()) out_.append(head_);
    }
  }

  // One record per piece of at most kMaxLogLineBytes.
  void Line(std::string_view line) {
    while (line.size() > kMaxLogLineBytes) {
      size_t cut = Utf8SafeCut(line, kMaxLogLineBytes);
      Record(line.substr(0, cut));
      line.remove_prefix(cut);
    }
    Record(line);
  }

 private:
  void Record(std::string_view text) {
    out_.append(head_);
    AppendJsonString(out_, text, false);
    out_.append("\"}\n");
  }

  std::string& out_;
  const std::string& step_;
  std::string head_;  // the group's record text up to the line
};

}  // namespace

std::string CompactChunkRecords(const api::CompactLogChunk& chunk, const SecretMasker& masker) {
  std::string out;
  size_t bytes = 0;
  for (const api::CompactLogGroup& g : chunk.groups) bytes += g.lines.size();
  out.reserve(2 * bytes + 4096);  // the record framing nearly doubles 100-byte lines
  RecordWriter writer(out, chunk.step);
  for (const api::CompactLogGroup& group : chunk.groups) {
    writer.StartGroup(group);
    // Checked per group: almost always clean, and then the lines go out as they are.
    if (IsWellFormedUtf8(group.lines) && !masker.AnyIn(group.lines)) {
      writer.CleanLines(group.lines);
      continue;
    }
    api::ForEachLine(group.lines, [&](std::string_view line) {
      std::string text = SanitizeUtf8(std::string(line));
      masker.Mask(text);
      writer.Line(text);
    });
  }
  return out;
}

}  // namespace stroem::server
