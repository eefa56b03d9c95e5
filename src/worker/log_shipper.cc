#include "worker/log_shipper.h"

namespace stroem::worker {

LogShipper::LogShipper(ChunkSender& sender, MemoryBudget& budget, const Clock& clock,
                       std::string job_id, std::string step, std::string attempt_json,
                       LogShipperOptions options, std::function<void()> on_refused)
    : sender_(sender),
      clock_(clock),
      job_id_(std::move(job_id)),
      options_(std::move(options)),
      on_refused_(std::move(on_refused)),
      backoff_(options_.retry_initial, options_.retry_max),
      batcher_(std::move(step), std::move(attempt_json), clock,
               std::max(options_.max_batch_bytes, options_.max_busy_batch_bytes)),
      queue_(budget, options_.spool_path) {}

LogShipper::~LogShipper() {
  Abandon();
  if (thread_.joinable()) thread_.join();
}

void LogShipper::OnLine(runner::LogLine line) {
  std::unique_lock lock(mu_);
  // While the server answers, a step that prints faster than the server stores waits here
  // (its pipe fills up) rather than queueing, and spilling, chunks without end.
  cv_.wait(lock, [&] {
    return queue_.size() < options_.max_queued_chunks || !answering_ || refused_ ||
           abandon_.raised();
  });
  if (refused_) return;
  // The delivery thread starts with the first line: most steps of a fan-out print
  // nothing, and a thread per step was a tenth of a worker's CPU.
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  const size_t before = batcher_.size();
  auto sealed = batcher_.Add(line);
  if (sealed) queue_.Push(std::move(*sealed));
  // Wake the shipper only when it has something new to do: a sealed chunk to send, a
  // first line that starts the batch timer, or a batch that just became big enough to
  // send. A wake-up per line cost a context switch per line (half the CPU of a step
  // printing 200 MB).
  const bool now_full = before < options_.max_batch_bytes &&
                        batcher_.size() >= options_.max_batch_bytes;
  if (sealed || before == 0 || now_full) cv_.notify_all();
}

LogShipper::FinishResult LogShipper::Finish(const Interrupt* also_abandon,
                                            std::optional<SealedChunk>* keep_last) {
  std::unique_lock lock(mu_);
  finishing_ = true;
  keeping_ = keep_last && !batcher_.empty() && batcher_.size() <= options_.max_kept_bytes;
  if (!thread_.joinable()) done_ = true;  // nothing was ever printed
  cv_.notify_all();
  while (!cv_.wait_for(lock, std::chrono::milliseconds(100),
                       [&] { return done_ || abandon_.raised(); })) {
    if (also_abandon && also_abandon->raised()) {
      lock.unlock();
      Abandon();
      lock.lock();
    }
  }
  if (refused_) return FinishResult::kRefused;
  if (!done_) return FinishResult::kAbandoned;
  if (keeping_) *keep_last = batcher_.Seal();
  return FinishResult::kDelivered;
}

void LogShipper::Abandon() {
  abandon_.Raise();  // also releases an OnLine waiting for room
  std::lock_guard lock(mu_);  // a waiter checks the flag under mu_: no lost wake-up
  cv_.notify_all();
}

int64_t LogShipper::acked() const {
  std::lock_guard lock(mu_);
  return acked_;
}

size_t LogShipper::spilled() const {
  std::lock_guard lock(mu_);
  return queue_.spilled();
}

void LogShipper::Loop() {
  std::unique_lock lock(mu_);
  while (!abandon_.raised()) {
    if (!queue_.empty()) {
      DeliverFront(lock);
      continue;
    }
    if (SealIfDue()) continue;
    if (finishing_) {
      done_ = true;
      break;
    }
    if (batcher_.empty()) {
      cv_.wait(lock, [&] {
        return abandon_.raised() || finishing_ || !queue_.empty() || !batcher_.empty();
      });
    } else {
      auto age = clock_.Now() - batcher_.opened_at();
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(options_.batch_interval - age);
      cv_.wait_for(lock, std::max(left, std::chrono::milliseconds(1)));
    }
  }
  cv_.notify_all();
}

bool LogShipper::SealIfDue() {
  if (batcher_.empty() || keeping_) return false;
  if (!finishing_ && batcher_.size() < options_.max_batch_bytes &&
      clock_.Now() - batcher_.opened_at() < options_.batch_interval)
    return false;
  queue_.Push(std::move(*batcher_.Seal()));
  return true;
}

bool LogShipper::DeliverFront(std::unique_lock<std::mutex>& lock) {
  auto chunk = queue_.Front();
  if (!chunk) {  // the spool file failed us: nothing better to do than move on
    queue_.Pop();
    return true;
  }
  lock.unlock();
  ChunkSender::Outcome outcome = sender_.Send(job_id_, **chunk, abandon_.flag());
  lock.lock();
  answering_ = outcome != ChunkSender::Outcome::kRetry;
  cv_.notify_all();  // OnLine may be waiting for room in the queue
  switch (outcome) {
    case ChunkSender::Outcome::kAcked:
    case ChunkSender::Outcome::kRejected:
      queue_.Pop();
      ++acked_;
      backoff_.Reset();
      return true;
    case ChunkSender::Outcome::kRefused:
      refused_ = true;
      queue_.Clear();
      batcher_.Seal();
      lock.unlock();
      if (on_refused_) on_refused_();
      lock.lock();
      return true;
    case ChunkSender::Outcome::kRetry:
      lock.unlock();
      abandon_.WaitFor(backoff_.Next());
      lock.lock();
      return false;
  }
  return false;
}

}  // namespace stroem::worker
