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

bool ChunkQueue::Spill(Entry& entry) {
  if (fd_ < 0) fd_ = open(spool_path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) return false;
  const std::string& body = entry.chunk.body;
  size_t done = 0;
  while (done < body.size()) {
    ssize_t n =
        pwrite(fd_, body.data() + done, body.size() - done, static_cast<off_t>(file_end_ + done));
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  entry.spilled = true;
  entry.offset = file_end_;
  entry.length = body.size();
  entry.chunk.body = std::string();  // releases the memory
  file_end_ += entry.length;
  ++spilled_;
  return true;
}

void ChunkQueue::Push(SealedChunk chunk) {
  Entry entry{std::move(chunk)};
  auto bytes = static_cast<int64_t>(entry.chunk.body.size());
  if (!budget_.TryTake(bytes) && !Spill(entry))
    budget_.ForceTake(bytes);  // disk trouble: over budget beats losing the log
  entries_.push_back(std::move(entry));
}

Result<const SealedChunk*> ChunkQueue::Front() {
  Entry& e = entries_.front();
  if (!e.spilled || e.chunk.body.size() == e.length) return &e.chunk;
  std::string body(e.length, '\0');
  size_t done = 0;
  while (done < body.size()) {
    ssize_t n =
        pread(fd_, body.data() + done, body.size() - done, static_cast<off_t>(e.offset + done));
    if (n <= 0) return Fail(ErrorCode::kInternal, "cannot read log spool " + spool_path_);
    done += static_cast<size_t>(n);
  }
  e.chunk.body = std::move(body);  // held until Pop()
  return &e.chunk;
}

void ChunkQueue::Pop() {
  Entry& e = entries_.front();
  if (e.spilled) {
    --spilled_;
  } else {
    budget_.Give(static_cast<int64_t>(e.chunk.body.size()));
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
