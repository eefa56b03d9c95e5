#include "worker/chunk_queue.h"

#include <fcntl.h>
#include <unistd.h>

namespace stroem::worker {

bool MemoryBudget::TryTake(int64_t bytes) {
  int64_t used = used_.load();
  while (used + bytes <= limit_) {
    if (used_.compare_exchange_weak(used, used + bytes)) return true;
  }
  return false;
}

ChunkQueue::ChunkQueue(MemoryBudget& budget, std::string spool_path)
    : budget_(budget), spool_path_(std::move(spool_path)) {}

ChunkQueue::~ChunkQueue() {
  Clear();
  if (fd_ >= 0) {
    close(fd_);
    unlink(spool_path_.c_str());
  }
}

bool ChunkQueue::Spill(Entry& entry, const std::string& body) {
  if (fd_ < 0) fd_ = open(spool_path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) return false;
  size_t done = 0;
  while (done < body.size()) {
    ssize_t n =
        pwrite(fd_, body.data() + done, body.size() - done, static_cast<off_t>(file_end_ + done));
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  entry.offset = file_end_;
  entry.length = body.size();
  file_end_ += body.size();
  ++spilled_;
  return true;
}

void ChunkQueue::Push(SealedChunk chunk) {
  Entry entry{chunk.seq, chunk.lines, std::nullopt, 0, 0};
  auto bytes = static_cast<int64_t>(chunk.body.size());
  bool in_memory = budget_.TryTake(bytes);
  if (!in_memory && !Spill(entry, chunk.body)) {
    budget_.ForceTake(bytes);  // disk trouble: over budget beats losing the log
    in_memory = true;
  }
  if (in_memory) entry.body = std::move(chunk.body);
  entries_.push_back(std::move(entry));
}

Result<SealedChunk> ChunkQueue::Front() const {
  const Entry& e = entries_.front();
  if (e.body) return SealedChunk{e.seq, *e.body, e.lines};
  std::string body(e.length, '\0');
  size_t done = 0;
  while (done < body.size()) {
    ssize_t n =
        pread(fd_, body.data() + done, body.size() - done, static_cast<off_t>(e.offset + done));
    if (n <= 0) return Fail(ErrorCode::kInternal, "cannot read log spool " + spool_path_);
    done += static_cast<size_t>(n);
  }
  return SealedChunk{e.seq, std::move(body), e.lines};
}

void ChunkQueue::Pop() {
  Entry& e = entries_.front();
  if (e.body) {
    budget_.Give(static_cast<int64_t>(e.body->size()));
  } else {
    --spilled_;
  }
  entries_.pop_front();
  if (spilled_ == 0 && fd_ >= 0 && file_end_ > 0) {
    // Nothing on disk any more: reuse the file from its start.
    if (ftruncate(fd_, 0) == 0) file_end_ = 0;
  }
}

void ChunkQueue::Clear() {
  while (!entries_.empty()) Pop();
}

}  // namespace stroem::worker
