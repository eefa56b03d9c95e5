#include "api/compact_log_chunk.h"

#include <cctype>
#include <charconv>

#include "api/internal/json_text.h"
#include "common/json_text.h"

namespace stroem::api {

namespace json = boost::json;

namespace {

// Room for the decimal length of any group, patched in when the group closes.
constexpr size_t kLengthDigits = 10;

tl::unexpected<Error> Malformed(const std::string& what) {
  return Fail(ErrorCode::kInvalidArgument, "log chunk " + what);
}

Result<void> ReadHeader(std::string_view line, CompactLogChunk& chunk) {
  auto o = internal::ParseObject(line, "log chunk header");
  if (!o) return tl::unexpected(o.error());
  auto step = internal::StringField(*o, "step", "log chunk header");
  if (!step) return tl::unexpected(step.error());
  const json::value* seq = o->if_contains("seq");
  if (!seq || !seq->is_int64() || seq->as_int64() < 0)
    return Malformed("header: field 'seq' must be a non-negative integer");
  chunk.step = std::move(*step);
  chunk.seq = seq->as_int64();
  if (const json::value* a = o->if_contains("attempt")) {
    chunk.attempt_json = json::serialize(*a);
    if (a->is_string()) chunk.attempt = std::string(a->as_string());
  }
  return Ok();
}

// "<stream> <ts> <length>", the group header line without its "\n".
Result<CompactLogGroup> ReadGroupHeader(std::string_view line, size_t& length,
                                        const std::string& where) {
  size_t space1 = line.find(' ');
  size_t space2 = space1 == std::string_view::npos ? space1 : line.find(' ', space1 + 1);
  if (space2 == std::string_view::npos)
    return Malformed(where + ": expected '<stream> <ts> <length>'");
  CompactLogGroup group{line.substr(0, space1), line.substr(space1 + 1, space2 - space1 - 1), {}};
  if (group.stream != "stdout" && group.stream != "stderr")
    return Malformed(where + ": stream must be stdout or stderr");
  if (group.ts.empty()) return Malformed(where + ": empty timestamp");
  // RFC 3339 characters only: the server copies the timestamp into stored JSON unescaped.
  for (char c : group.ts)
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view(":.+-").find(c) == std::string_view::npos)
      return Malformed(where + ": timestamp must be RFC 3339 (digits, letters, ':', '.', '+', '-')");
  std::string_view digits = line.substr(space2 + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    return Malformed(where + ": length must be a decimal number of bytes");
  return group;
}

}  // namespace

CompactChunkWriter::CompactChunkWriter(std::string_view step, std::string_view attempt_json,
                                       int64_t seq) {
  json::error_code ec;
  json::value attempt = json::parse(attempt_json, ec);
  body_ = "{\"step\":";
  AppendJsonString(body_, step);
  body_ += ",\"attempt\":" + (ec ? std::string("null") : json::serialize(attempt));
  body_ += ",\"seq\":" + std::to_string(seq) + "}\n";
}

void CompactChunkWriter::Add(std::string_view stream, std::string_view ts, std::string_view line) {
  if (group_length_at_ == std::string::npos || stream != group_stream_ || ts != group_ts_) {
    CloseGroup();
    group_stream_.assign(stream);
    group_ts_.assign(ts);
    body_.append(stream).append(1, ' ').append(ts).append(1, ' ');
    group_length_at_ = body_.size();
    body_.append(kLengthDigits, '0').append(1, '\n');
    group_start_ = body_.size();
  }
  body_.append(line).append(1, '\n');
  ++lines_;
}

void CompactChunkWriter::CloseGroup() {
  if (group_length_at_ == std::string::npos) return;
  size_t length = body_.size() - group_start_;
  char* digits = body_.data() + group_length_at_;
  for (size_t i = kLengthDigits; i-- > 0; length /= 10) digits[i] = static_cast<char>('0' + length % 10);
  group_length_at_ = std::string::npos;
}

std::string CompactChunkWriter::Finish() {
  CloseGroup();
  lines_ = 0;
  return std::move(body_);
}

Result<CompactLogChunk> ParseCompactLogChunk(std::string_view body) {
  CompactLogChunk chunk;
  size_t header_end = body.find('\n');
  if (header_end == std::string_view::npos)
    return Malformed("header: the first line must end in a newline");
  if (auto r = ReadHeader(body.substr(0, header_end), chunk); !r) return tl::unexpected(r.error());
  size_t at = header_end + 1;
  while (at < body.size()) {
    std::string where = "group " + std::to_string(chunk.groups.size() + 1) + " (byte " +
                        std::to_string(at) + ")";
    size_t line_end = body.find('\n', at);
    if (line_end == std::string_view::npos)
      return Malformed(where + ": header line does not end in a newline");
    size_t length = 0;
    auto group = ReadGroupHeader(body.substr(at, line_end - at), length, where);
    if (!group) return tl::unexpected(group.error());
    at = line_end + 1;
    if (length > body.size() - at)
      return Malformed(where + ": length " + std::to_string(length) +
                                      " runs past the end of the body (" +
                                      std::to_string(body.size() - at) + " bytes left)");
    group->lines = body.substr(at, length);
    if (length > 0 && group->lines.back() != '\n')
      return Malformed(where + ": the last line does not end in a newline");
    chunk.groups.push_back(*group);
    at += length;
  }
  return chunk;
}

std::string CompactToLogChunkJson(const CompactLogChunk& compact) {
  LogChunk chunk{compact.step, compact.attempt_json, compact.seq, {}};
  for (const CompactLogGroup& g : compact.groups)
    ForEachLine(g.lines, [&](std::string_view line) {
      chunk.lines.push_back({std::string(g.ts), std::string(g.stream), std::string(line)});
    });
  return LogChunkJson(chunk);
}

}  // namespace stroem::api
