#include "server/compact_log_records.h"

#include <gtest/gtest.h>

namespace stroem::server {
namespace {

constexpr const char* kTs = "2026-01-01T00:00:00.000000Z";

std::string Records(const std::vector<std::string>& lines, const SecretMasker& masker,
                    const char* stream = "stdout") {
  api::CompactChunkWriter w("step \"one\"", "\"a\"", 0);
  for (const std::string& l : lines) w.Add(stream, kTs, l);
  std::string body = w.Finish();
  auto chunk = api::ParseCompactLogChunk(body);
  EXPECT_TRUE(chunk) << chunk.error().message;
  return CompactChunkRecords(*chunk, masker);
}

std::string Expected(const std::vector<std::string>& lines, const char* stream = "stdout") {
  std::string out;
  for (const std::string& l : lines) AppendLogRecord(out, {kTs, stream, "step \"one\"", l});
  return out;
}

const std::vector<workflow::SecretLeaf> kNoSecrets;

TEST(CompactLogRecords, AreTheRecordsAJsonChunkWouldStore) {
  SecretMasker none(kNoSecrets);
  std::vector<std::string> lines = {
      "", "plain", "quote \" backslash \\ tab \t cr \r bell \x07 del \x7F end",
      "\"\\\"\\", std::string(1, '\0') + "nul", "unicode ✓ é 😀", std::string(300, 'x') + "\x1F",
      "seven", "exactly8", "0123456789abcdef\"0123456789abcdef"};
  EXPECT_EQ(Records(lines, none), Expected(lines));
  EXPECT_EQ(Records(lines, none, "stderr"), Expected(lines, "stderr"));
  for (const std::string& l : lines) EXPECT_EQ(Records({l}, none), Expected({l})) << l;
}

TEST(CompactLogRecords, RepairMaskAndSplit) {
  std::vector<workflow::SecretLeaf> secrets = {{"token", "s3cret", {}}};
  SecretMasker masker(secrets);
  EXPECT_EQ(Records({"a s3cret b", "clean"}, masker), Expected({"a *** b", "clean"}));
  EXPECT_EQ(Records({"bad \xC3( \xED\xA0\x80 \xF0\x9F\x98"}, masker),
            Expected({"bad \xEF\xBF\xBD( \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD"}));
  std::string long_line(2 * kMaxLogLineBytes + 5, 'z');
  EXPECT_EQ(Records({"before", long_line, "after"}, masker),
            Expected({"before", std::string(kMaxLogLineBytes, 'z'),
                      std::string(kMaxLogLineBytes, 'z'), "zzzzz", "after"}));
}

}  // namespace
}  // namespace stroem::server
