#include "worker/log_batcher.h"

#include <gtest/gtest.h>

#include "api/compact_log_chunk.h"

namespace stroem::worker {
namespace {

runner::LogLine Line(const Clock& clock, std::string text,
                     runner::Stream stream = runner::Stream::kStdout) {
  return {clock.Now(), stream, std::move(text)};
}

TEST(LogBatcher, NumbersChunksPerAttemptAndKeepsOrder) {
  ManualClock clock;
  LogBatcher batcher("build", "3", clock);
  EXPECT_TRUE(batcher.empty());
  EXPECT_FALSE(batcher.Seal());
  EXPECT_FALSE(batcher.Add(Line(clock, "one")));
  EXPECT_FALSE(batcher.Add(Line(clock, "two", runner::Stream::kStderr)));
  auto first = batcher.Seal();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, 0);
  EXPECT_EQ(first->lines, 2u);
  auto chunk = api::ParseCompactLogChunk(first->body);
  ASSERT_TRUE(chunk) << chunk.error().message;
  EXPECT_EQ(chunk->step, "build");
  EXPECT_EQ(chunk->attempt_json, "3");
  EXPECT_EQ(chunk->seq, 0);
  ASSERT_EQ(chunk->groups.size(), 2u);
  EXPECT_EQ(chunk->groups[0].lines, "one\n");
  EXPECT_EQ(chunk->groups[1].stream, "stderr");
  EXPECT_EQ(chunk->groups[1].lines, "two\n");
  EXPECT_EQ(chunk->groups[0].ts, FormatRfc3339(clock.Now()));
  batcher.Add(Line(clock, "three"));
  EXPECT_EQ(batcher.Seal()->seq, 1);
  EXPECT_EQ(batcher.next_seq(), 2);
}

TEST(LogBatcher, SealsWhenTheNextLineWouldNotFit) {
  ManualClock clock;
  LogBatcher batcher("s", "1", clock, /*max_bytes=*/300);
  std::string text(100, 'x');
  int sealed = 0;
  size_t lines_in_sealed = 0;
  for (int i = 0; i < 10; ++i) {
    if (auto c = batcher.Add(Line(clock, text))) {
      ++sealed;
      lines_in_sealed += c->lines;
      EXPECT_LE(c->body.size(), 300u);
    }
  }
  EXPECT_GT(sealed, 3);
  EXPECT_EQ(lines_in_sealed + batcher.Seal()->lines, 10u);
}

TEST(LogBatcher, LinesReadTogetherShareOneGroup) {
  ManualClock clock;
  LogBatcher batcher("s", "1", clock);
  TimePoint read = clock.Now();
  for (const char* text : {"a", "b", "c"}) batcher.Add({read, runner::Stream::kStdout, text});
  clock.Advance(std::chrono::microseconds(5));
  batcher.Add(Line(clock, "d"));
  std::optional<SealedChunk> sealed = batcher.Seal();
  ASSERT_TRUE(sealed);
  auto chunk = api::ParseCompactLogChunk(sealed->body);  // views into sealed->body
  ASSERT_TRUE(chunk) << chunk.error().message;
  ASSERT_EQ(chunk->groups.size(), 2u);
  EXPECT_EQ(chunk->groups[0].lines, "a\nb\nc\n");
  EXPECT_EQ(chunk->groups[1].lines, "d\n");
  EXPECT_EQ(chunk->groups[1].ts, FormatRfc3339(clock.Now()));
}

TEST(LogBatcher, OversizedLineIsAChunkOfItsOwn) {
  ManualClock clock;
  LogBatcher batcher("s", "1", clock, 100);
  batcher.Add(Line(clock, "small"));
  auto sealed = batcher.Add(Line(clock, std::string(500, 'y')));
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->lines, 1u);
  EXPECT_EQ(batcher.Seal()->lines, 1u);
}

TEST(LogBatcher, OpenedAtIsTheFirstLineOfTheBatch) {
  ManualClock clock;
  LogBatcher batcher("s", "1", clock);
  TimePoint t0 = clock.Now();
  batcher.Add(Line(clock, "a"));
  clock.Advance(std::chrono::milliseconds(50));
  batcher.Add(Line(clock, "b"));
  EXPECT_EQ(batcher.opened_at(), t0);
  batcher.Seal();
  clock.Advance(std::chrono::milliseconds(50));
  batcher.Add(Line(clock, "c"));
  EXPECT_EQ(batcher.opened_at(), t0 + std::chrono::milliseconds(100));
}

}  // namespace
}  // namespace stroem::worker
