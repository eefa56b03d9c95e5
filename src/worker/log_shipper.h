// LogShipper: streams one step attempt's output to the server while the step runs.
//
// The runner calls OnLine (the LogSink) on the step's thread; lines are batched by a
// LogBatcher, queued in a ChunkQueue (memory-bounded, spilling to disk) and delivered in
// order by the shipper's own thread, which retries with backoff until each chunk is
// acknowledged. Chunk numbers make retries safe (the server stores an (attempt, seq) once).
//
// Batch size adapts to the output rate. While the shipper is idle, a batch is sealed
// once it is `batch_interval` old or `max_batch_bytes` big: small chunks, low latency.
// While a chunk is on its way (or waiting for the server), sealing another would not
// send it any sooner, so the open batch keeps growing, up to `max_busy_batch_bytes`: a
// step printing as fast as it can is shipped in a few large chunks instead of many small
// requests. While the server is unreachable the step keeps running; its chunks wait, and
// a new batch is sealed only when the queue is empty or the batch is full, so an outage
// produces few, large chunks. While the server does answer but stores slower than the step
// prints, OnLine blocks once `max_queued_chunks` are waiting: the step is slowed down (as
// by a full pipe) instead of its output being spilled to disk and read back.
//
// If the server refuses the attempt (409 stale, 404 unknown job), queued chunks are
// dropped, later lines ignored, and `on_refused` is called once (the worker cancels the
// step). Finish() seals the last batch and waits for delivery: a step's result is sent
// only after all its chunks are acknowledged.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/clock.h"
#include "runner/runner.h"
#include "worker/chunk_queue.h"
#include "worker/interrupt.h"
#include "worker/log_batcher.h"

namespace stroem::worker {

// Where chunks go: the worker API in production, a fake in unit tests.
class ChunkSender {
 public:
  enum class Outcome {
    kAcked,     // stored (or already stored)
    kRefused,   // the attempt is no longer current, or the job is unknown
    kRejected,  // this request can never succeed (400, 413): dropped, reported
    kRetry,     // server unreachable or busy
  };
  virtual ~ChunkSender() = default;
  // `abort` becomes true when the shipper is abandoned; a sender may stop waiting then.
  virtual Outcome Send(const std::string& job_id, const SealedChunk& chunk,
                       const std::atomic<bool>* abort) = 0;
};

struct LogShipperOptions {
  std::chrono::milliseconds batch_interval{100};
  size_t max_batch_bytes = 64 * 1024;         // sealed at this size when the shipper is idle
  size_t max_busy_batch_bytes = 1024 * 1024;  // never larger (one oversized line excepted)
  size_t max_queued_chunks = 4;               // OnLine waits beyond, while the server answers
  std::chrono::milliseconds retry_initial{200};
  std::chrono::milliseconds retry_max{5000};
  std::string spool_path;  // this attempt's spill file (created only when needed)
  // Finish may hand the last batch back, to go with the step's result, when it is no
  // larger than this.
  size_t max_kept_bytes = 16 * 1024;
};

class LogShipper final : public runner::LogSink {
 public:
  enum class FinishResult { kDelivered, kRefused, kAbandoned };

  // `sender`, `budget` and `clock` must outlive the shipper. The delivery thread starts
  // with the first line.
  LogShipper(ChunkSender& sender, MemoryBudget& budget, const Clock& clock, std::string job_id,
             std::string step, std::string attempt_json, LogShipperOptions options,
             std::function<void()> on_refused);
  // Abandons undelivered chunks and joins the thread.
  ~LogShipper() override;

  // May block while max_queued_chunks are waiting and the server answers (see above).
  void OnLine(runner::LogLine line) override;
  // Seals the open batch and blocks until every chunk is acknowledged, the attempt is
  // refused, or Abandon() is called, or `also_abandon` (if given) is raised (checked
  // every 100 ms). Call once, after the runner returned. With `keep_last`, a last batch
  // of at most max_kept_bytes is not sent but handed back there once every earlier chunk
  // is acknowledged: the caller sends it with the step's result, one request for both.
  FinishResult Finish(const Interrupt* also_abandon = nullptr,
                      std::optional<SealedChunk>* keep_last = nullptr);
  // Gives up on undelivered chunks (shutdown deadline passed). Thread-safe.
  void Abandon();

  // For tests: chunks acknowledged so far, and how many are waiting on disk now.
  int64_t acked() const;
  size_t spilled() const;

 private:
  void Loop();
  // One step of the loop with the lock held; false when the thread should wait.
  bool DeliverFront(std::unique_lock<std::mutex>& lock);
  bool SealIfDue();

  ChunkSender& sender_;
  const Clock& clock_;
  const std::string job_id_;
  const LogShipperOptions options_;
  const std::function<void()> on_refused_;
  Interrupt abandon_;
  Backoff backoff_;  // used by the delivery thread only

  mutable std::mutex mu_;
  std::condition_variable cv_;
  LogBatcher batcher_;      // guarded by mu_
  ChunkQueue queue_;        // guarded by mu_
  bool finishing_ = false;  // guarded by mu_
  bool keeping_ = false;    // guarded by mu_: Finish keeps the open batch for its caller
  bool done_ = false;       // guarded by mu_: all delivered after finishing_
  bool refused_ = false;    // guarded by mu_
  bool answering_ = true;   // guarded by mu_: the last send got an answer (not kRetry)
  int64_t acked_ = 0;       // guarded by mu_
  std::thread thread_;  // started by the first OnLine, under mu_
};

}  // namespace stroem::worker
