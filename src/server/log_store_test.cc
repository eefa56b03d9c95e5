#include "server/log_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace stroem::server {
namespace {

class LogStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stroem-logs-" + std::to_string(::getpid()) + "-" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

std::vector<LogRecord> Lines(std::initializer_list<const char*> texts) {
  std::vector<LogRecord> out;
  for (const char* t : texts) out.push_back({"2026-01-01T00:00:00.000000Z", "stdout", "s", t});
  return out;
}

TEST_F(LogStoreTest, AppendsAndReadsInOrder) {
  LogStore store(dir_.string());
  ASSERT_TRUE(store.Init());
  ASSERT_TRUE(*store.Append("job", Lines({"a", "b"}), std::nullopt));
  ASSERT_TRUE(*store.Append("job", Lines({"c \"quoted\" \xE2\x9C\x93"}), std::nullopt));
  uint64_t offset = 0;
  auto records = store.Read("job", offset, 1 << 20);
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[2].line, "c \"quoted\" \xE2\x9C\x93");
  auto again = store.Read("job", offset, 1 << 20);
  EXPECT_TRUE(again->empty());
}

TEST_F(LogStoreTest, NumberedChunkIsStoredOnceEvenAfterRestart) {
  {
    LogStore store(dir_.string());
    ASSERT_TRUE(store.Init());
    EXPECT_TRUE(*store.Append("job", Lines({"one"}), ChunkId{"att", 0}));
    EXPECT_FALSE(*store.Append("job", Lines({"one"}), ChunkId{"att", 0}));
    EXPECT_TRUE(*store.Append("job", Lines({"two"}), ChunkId{"att", 1}));
  }
  LogStore reopened(dir_.string());
  EXPECT_FALSE(*reopened.Append("job", Lines({"one"}), ChunkId{"att", 0}));
  EXPECT_TRUE(*reopened.Append("job", Lines({"other attempt"}), ChunkId{"att2", 0}));
  uint64_t offset = 0;
  EXPECT_EQ(reopened.Read("job", offset, 1 << 20)->size(), 3u);
}

TEST_F(LogStoreTest, ReadsInBoundedPieces) {
  LogStore store(dir_.string());
  ASSERT_TRUE(store.Init());
  std::vector<LogRecord> many;
  for (int i = 0; i < 1000; ++i) many.push_back({"t", "stderr", "s", "line " + std::to_string(i)});
  ASSERT_TRUE(store.Append("job", many, std::nullopt));
  uint64_t offset = 0;
  size_t total = 0, reads = 0;
  while (true) {
    auto part = store.Read("job", offset, 4096);
    ASSERT_TRUE(part);
    if (part->empty()) break;
    total += part->size();
    reads++;
  }
  EXPECT_EQ(total, 1000u);
  EXPECT_GT(reads, 5u);
}

TEST_F(LogStoreTest, MissingLogReadsEmpty) {
  LogStore store(dir_.string());
  uint64_t offset = 0;
  auto records = store.Read("nothing", offset, 1024);
  ASSERT_TRUE(records);
  EXPECT_TRUE(records->empty());
}

TEST(LogRecordCodec, RoundTrips) {
  LogRecord r{"ts", "stderr", "step-1", "tab\there\nnewline"};
  auto back = DecodeLogRecord(EncodeLogRecord(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->line, r.line);
  EXPECT_EQ(back->stream, "stderr");
  EXPECT_FALSE(DecodeLogRecord("not json"));
}

}  // namespace
}  // namespace stroem::server
