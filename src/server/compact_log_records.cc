#include "server/compact_log_records.h"

#include <cstdint>
#include <cstring>

#include "common/json_text.h"

namespace stroem::server {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// The well-formed multi-byte sequences (Unicode table 3-7): lead byte range, length and the
// range of the second byte; further bytes are 0x80..0xBF.
struct SequenceShape {
  unsigned char lead_min, lead_max;
  size_t length;
  unsigned char second_min, second_max;
};
constexpr SequenceShape kShapes[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F}};

unsigned char At(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]);
}

// How many bytes at s[i] (not ASCII) form a well-formed sequence; 0 when they do not, with
// `*skip` the length of the ill-formed subpart to replace.
size_t WellFormedAt(std::string_view s, size_t i, size_t* skip) {
  *skip = 1;
  for (const SequenceShape& shape : kShapes) {
    if (At(s, i) < shape.lead_min || At(s, i) > shape.lead_max) continue;
    for (size_t k = 1; k < shape.length; ++k) {
      unsigned char min = k == 1 ? shape.second_min : 0x80, max = k == 1 ? shape.second_max : 0xBF;
      if (i + k >= s.size() || At(s, i + k) < min || At(s, i + k) > max) return 0;
      *skip = k + 1;
    }
    return shape.length;
  }
  return 0;
}

bool IsWellFormedUtf8(std::string_view s) {
  size_t i = 0, skip;
  while (i < s.size()) {
    uint64_t word;  // output is mostly ASCII: eight bytes at a time
    if (i + 8 <= s.size() && (std::memcpy(&word, s.data() + i, 8), !(word & 0x8080808080808080u))) {
      i += 8;
    } else if (At(s, i) < 0x80) {
      ++i;
    } else {
      size_t n = WellFormedAt(s, i, &skip);
      if (n == 0) return false;
      i += n;
    }
  }
  return true;
}

// Where to cut `line` at most `limit` bytes in without splitting a character: backs up over
// at most 3 continuation bytes.
size_t CharacterCut(std::string_view line, size_t limit) {
  size_t cut = limit;
  while (cut + 3 > limit && cut > 0 && (At(line, cut) & 0xC0) == 0x80) --cut;
  return cut > 0 && cut + 3 >= limit ? cut : limit;
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
      size_t cut = CharacterCut(line, kMaxLogLineBytes);
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

std::string RepairUtf8(std::string_view text) {
  if (IsWellFormedUtf8(text)) return std::string(text);
  std::string out;
  size_t i = 0, skip;
  while (i < text.size()) {
    size_t n = At(text, i) < 0x80 ? 1 : WellFormedAt(text, i, &skip);
    if (n == 0) {
      out.append(kReplacement);
      i += skip;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

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
      std::string text = RepairUtf8(line);
      masker.Mask(text);
      writer.Line(text);
    });
  }
  return out;
}

}  // namespace stroem::server
