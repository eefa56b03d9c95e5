// ChunkQueue: a step's sealed log chunks waiting for delivery, in order, with bounded
// memory. Chunks are kept in memory while the worker-wide MemoryBudget allows; beyond it
// they are appended to a spool file and read back when their turn comes. Order never
// changes, whatever mix of memory and disk. Not thread-safe (the LogShipper's mutex
// guards it).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "common/error.h"
#include "worker/log_batcher.h"

namespace stroem::worker {

// Bytes of log chunks held in memory by all steps of a worker. Thread-safe.
class MemoryBudget {
 public:
  explicit MemoryBudget(int64_t limit) : limit_(limit) {}
  // Reserves `bytes` if that stays within the limit.
  bool TryTake(int64_t bytes);
  // Reserves `bytes` even beyond the limit.
  void ForceTake(int64_t bytes) { used_.fetch_add(bytes); }
  void Give(int64_t bytes) { used_.fetch_sub(bytes); }
  int64_t used() const { return used_.load(); }

 private:
  const int64_t limit_;
  std::atomic<int64_t> used_{0};
};

class ChunkQueue {
 public:
  // `spool_path` is created only when the first chunk spills, and removed by the
  // destructor.
  ChunkQueue(MemoryBudget& budget, std::string spool_path);
  ~ChunkQueue();
  ChunkQueue(const ChunkQueue&) = delete;
  ChunkQueue& operator=(const ChunkQueue&) = delete;

  // Appends a chunk. When the spool file cannot be written, the chunk stays in memory
  // (over budget) rather than being lost.
  void Push(SealedChunk chunk);
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  // The oldest chunk; read back from the spool file when it spilled. Requires !empty().
  // Stays valid until Pop() or Clear() (Push() does not move it), so a sender can use it
  // without the queue's lock and without a copy.
  Result<const SealedChunk*> Front();
  void Pop();
  // Drops everything (the attempt was refused).
  void Clear();
  // Chunks currently on disk.
  size_t spilled() const { return spilled_; }

 private:
  struct Entry {
    SealedChunk chunk;     // its body is empty while spilled
    bool spilled = false;  // the body is at [offset, offset+length) of the spool file
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  bool Spill(Entry& entry);

  MemoryBudget& budget_;
  std::string spool_path_;
  int fd_ = -1;
  uint64_t file_end_ = 0;
  size_t spilled_ = 0;
  std::deque<Entry> entries_;
};

}  // namespace stroem::worker
