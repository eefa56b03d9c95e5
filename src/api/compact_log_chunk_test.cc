#include "api/compact_log_chunk.h"

#include <gtest/gtest.h>

namespace stroem::api {
namespace {

constexpr const char* kTs = "2026-01-01T00:00:00.000000Z";
constexpr const char* kTs2 = "2026-01-01T00:00:00.000100Z";

std::vector<std::string> Lines(std::string_view group) {
  std::vector<std::string> out;
  ForEachLine(group, [&](std::string_view l) { out.emplace_back(l); });
  return out;
}

TEST(CompactLogChunk, LinesOfOneStreamAndTimeShareAGroup) {
  CompactChunkWriter w("build", "\"a1\"", 7);
  w.Add("stdout", kTs, "one");
  w.Add("stdout", kTs, "");
  w.Add("stderr", kTs, "oops \"quoted\" ✓");
  w.Add("stdout", kTs2, "two");
  EXPECT_EQ(w.lines(), 4u);
  std::string body = w.Finish();
  EXPECT_EQ(body,
            "{\"step\":\"build\",\"attempt\":\"a1\",\"seq\":7}\n"
            "stdout 2026-01-01T00:00:00.000000Z 0000000005\none\n\n"
            "stderr 2026-01-01T00:00:00.000000Z 0000000018\noops \"quoted\" ✓\n"
            "stdout 2026-01-01T00:00:00.000100Z 0000000004\ntwo\n");
  auto chunk = ParseCompactLogChunk(body);
  ASSERT_TRUE(chunk) << chunk.error().message;
  EXPECT_EQ(chunk->step, "build");
  EXPECT_EQ(chunk->attempt, "a1");
  EXPECT_EQ(chunk->attempt_json, "\"a1\"");
  EXPECT_EQ(chunk->seq, 7);
  ASSERT_EQ(chunk->groups.size(), 3u);
  EXPECT_EQ(Lines(chunk->groups[0].lines), (std::vector<std::string>{"one", ""}));
  EXPECT_EQ(chunk->groups[1].stream, "stderr");
  EXPECT_EQ(chunk->groups[2].ts, kTs2);
}

TEST(CompactLogChunk, AnEmptyChunkIsJustTheHeader) {
  CompactChunkWriter w("s", "3", 0);
  const std::string body = w.Finish();  // the parsed chunk holds views into it
  auto chunk = ParseCompactLogChunk(body);
  ASSERT_TRUE(chunk) << chunk.error().message;
  EXPECT_TRUE(chunk->groups.empty());
  EXPECT_EQ(chunk->attempt_json, "3");
  EXPECT_FALSE(chunk->attempt);  // not a string
}

TEST(CompactLogChunk, ConvertsToTheNumberedJsonChunk) {
  CompactChunkWriter w("build", "\"a1\"", 2);
  w.Add("stdout", kTs, "one");
  w.Add("stderr", kTs2, "two");
  std::string body = w.Finish();
  auto json = ParseLogChunk(CompactToLogChunkJson(*ParseCompactLogChunk(body)));
  ASSERT_TRUE(json) << json.error().message;
  EXPECT_EQ(json->step, "build");
  EXPECT_EQ(json->attempt_json, "\"a1\"");
  EXPECT_EQ(json->seq, 2);
  ASSERT_EQ(json->lines.size(), 2u);
  EXPECT_EQ(json->lines[1].ts, kTs2);
  EXPECT_EQ(json->lines[1].stream, "stderr");
  EXPECT_EQ(json->lines[1].line, "two");
}

TEST(CompactLogChunk, MalformedBodiesSayWhatIsWrong) {
  const std::string head = "{\"step\":\"s\",\"attempt\":\"a\",\"seq\":0}\n";
  struct Case {
    std::string body, message;
  } cases[] = {
      {"", "log chunk header: the first line must end in a newline"},
      {"{\"step\":\"s\"\n", "log chunk header: invalid JSON"},
      {"{\"attempt\":\"a\",\"seq\":0}\n", "'step'"},
      {"{\"step\":\"s\",\"seq\":-1}\n", "log chunk header: field 'seq' must be a non-negative integer"},
      {head + "stdout " + kTs + " 4\nab\n",
       "log chunk group 1 (byte 35): length 4 runs past the end of the body (3 bytes left)"},
      {head + "stdout " + kTs + " 3\nabc", "group 1 (byte 35): the last line does not end in a newline"},
      {head + "stdout " + kTs + " 3", "group 1 (byte 35): header line does not end in a newline"},
      {head + "stdin " + kTs + " 2\na\n", "group 1 (byte 35): stream must be stdout or stderr"},
      {head + "stdout " + kTs + "\na\n", "group 1 (byte 35): expected '<stream> <ts> <length>'"},
      {head + "stdout " + kTs + " 2x\na\n", "length must be a decimal number of bytes"},
      {head + "stdout " + kTs + " -2\na\n", "length must be a decimal number of bytes"},
      {head + "stdout  2\na\n", "group 1 (byte 35): empty timestamp"},
      {head + "stdout 2026-01-01T00:00:00\xFFZ 2\na\n", "timestamp must be RFC 3339"},
      // Found by fuzzing: a quote (or backslash, or NUL) would be copied into stored JSON.
      {head + "stdout 2026\"Z 2\na\n", "timestamp must be RFC 3339"},
      {head + std::string("stdout 2026\0Z 2\na\n", 18), "timestamp must be RFC 3339"},
      {head + "stdout " + kTs + " 2\na\nstdout " + kTs + " 99\na\n",
       "log chunk group 2 (byte 74): length 99"},
  };
  for (const Case& c : cases) {
    auto r = ParseCompactLogChunk(c.body);
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << r.error().message << "\n  expected: " << c.message;
  }
}

}  // namespace
}  // namespace stroem::api
