#include "worker/chunk_queue.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/id.h"

namespace stroem::worker {
namespace {

namespace fs = std::filesystem;

std::string SpoolPath() {
  return (fs::temp_directory_path() / ("chunk-queue-test-" + NewUuid() + ".spool")).string();
}

SealedChunk Chunk(int64_t seq, size_t bytes) {
  return {seq, std::string(bytes, static_cast<char>('a' + seq % 26)), 1};
}

TEST(ChunkQueue, SpillsBeyondTheMemoryLimitAndKeepsOrder) {
  MemoryBudget budget(250);
  std::string path = SpoolPath();
  {
    ChunkQueue queue(budget, path);
    for (int i = 0; i < 10; ++i) queue.Push(Chunk(i, 100));
    EXPECT_EQ(budget.used(), 200);
    EXPECT_EQ(queue.spilled(), 8u);
    EXPECT_TRUE(fs::exists(path));
    for (int i = 0; i < 10; ++i) {
      auto front = queue.Front();
      ASSERT_TRUE(front) << front.error().message;
      EXPECT_EQ((*front)->seq, i);
      EXPECT_EQ((*front)->body, Chunk(i, 100).body);
      queue.Pop();
      // Freed memory is used again by later pushes: order still holds.
      if (i == 1) queue.Push(Chunk(10, 100));
    }
    ASSERT_EQ(queue.size(), 1u);
    EXPECT_EQ((*queue.Front())->seq, 10);
    EXPECT_EQ(queue.spilled(), 0u);
  }
  EXPECT_EQ(budget.used(), 0);
  EXPECT_FALSE(fs::exists(path));
}

TEST(ChunkQueue, BudgetIsSharedBetweenQueues) {
  MemoryBudget budget(150);
  ChunkQueue a(budget, SpoolPath()), b(budget, SpoolPath());
  a.Push(Chunk(0, 100));
  b.Push(Chunk(0, 100));
  EXPECT_EQ(a.spilled(), 0u);
  EXPECT_EQ(b.spilled(), 1u);
  a.Clear();
  EXPECT_EQ(budget.used(), 0);
}

TEST(ChunkQueue, UnwritableSpoolKeepsChunksInMemory) {
  MemoryBudget budget(0);
  ChunkQueue queue(budget, "/nonexistent-dir/x.spool");
  queue.Push(Chunk(0, 10));
  EXPECT_EQ(queue.spilled(), 0u);
  EXPECT_EQ((*queue.Front())->body, Chunk(0, 10).body);
  queue.Pop();
  EXPECT_EQ(budget.used(), 0);
}

}  // namespace
}  // namespace stroem::worker
