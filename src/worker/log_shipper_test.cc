#include "worker/log_shipper.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <mutex>

#include "api/compact_log_chunk.h"
#include "common/id.h"

namespace stroem::worker {
namespace {

// A server stand-in: stores each (seq) once, like the real one, and can be down,
// refuse the attempt, or lose the answer to a stored chunk.
class FakeServer final : public ChunkSender {
 public:
  Outcome Send(const std::string& job_id, const SealedChunk& chunk,
               const std::atomic<bool>*) override {
    std::lock_guard lock(mu_);
    ++calls_;
    if (refuse_) return Outcome::kRefused;
    if (down_) return Outcome::kRetry;
    auto parsed = api::ParseCompactLogChunk(chunk.body);
    EXPECT_TRUE(parsed) << chunk.body;
    EXPECT_EQ(parsed->seq, chunk.seq);
    largest_ = std::max(largest_, chunk.body.size());
    if (!stored_.count(chunk.seq)) {
      EXPECT_EQ(chunk.seq, static_cast<int64_t>(stored_.size())) << "chunks out of order";
      for (const api::CompactLogGroup& g : parsed->groups)
        api::ForEachLine(g.lines, [&](std::string_view l) { stored_[chunk.seq].emplace_back(l); });
    }
    if (lose_answers_ > 0) {
      --lose_answers_;
      return Outcome::kRetry;  // stored, but the worker never heard
    }
    return Outcome::kAcked;
  }

  void set_down(bool down) {
    std::lock_guard lock(mu_);
    down_ = down;
  }
  void set_refuse() {
    std::lock_guard lock(mu_);
    refuse_ = true;
  }
  void lose_answers(int n) {
    std::lock_guard lock(mu_);
    lose_answers_ = n;
  }
  std::vector<std::string> Lines() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (auto& [seq, lines] : stored_) out.insert(out.end(), lines.begin(), lines.end());
    return out;
  }
  size_t largest() {
    std::lock_guard lock(mu_);
    return largest_;
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  bool down_ = false;
  bool refuse_ = false;
  int lose_answers_ = 0;
  int calls_ = 0;
  size_t largest_ = 0;  // the largest body sent
  std::map<int64_t, std::vector<std::string>> stored_;
};

LogShipperOptions FastOptions(size_t max_batch_bytes = 64 * 1024) {
  LogShipperOptions o;
  o.batch_interval = std::chrono::milliseconds(5);
  o.max_batch_bytes = max_batch_bytes;
  o.max_busy_batch_bytes = 4 * max_batch_bytes;
  o.retry_initial = std::chrono::milliseconds(1);
  o.retry_max = std::chrono::milliseconds(5);
  o.spool_path = (std::filesystem::temp_directory_path() / ("shipper-" + NewUuid())).string();
  return o;
}

void Emit(LogShipper& shipper, int n, const std::string& prefix = "line ") {
  for (int i = 0; i < n; ++i)
    shipper.OnLine(
        {SystemClock::Instance().Now(), runner::Stream::kStdout, prefix + std::to_string(i)});
}

std::vector<std::string> Expected(int n, const std::string& prefix = "line ") {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

TEST(LogShipper, DeliversEveryLineInOrder) {
  FakeServer server;
  MemoryBudget budget(1 << 20);
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", FastOptions(200),
                     nullptr);
  Emit(shipper, 500);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kDelivered);
  EXPECT_EQ(server.Lines(), Expected(500));
  EXPECT_EQ(budget.used(), 0);
}

TEST(LogShipper, AStepThatPrintsNothingSendsNothing) {
  FakeServer server;
  MemoryBudget budget(1 << 20);
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", FastOptions(),
                     nullptr);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kDelivered);
  EXPECT_EQ(server.calls(), 0);
  EXPECT_EQ(shipper.acked(), 0);
}

TEST(LogShipper, FinishCanKeepASmallLastBatchForTheResult) {
  FakeServer server;
  MemoryBudget budget(1 << 20);
  LogShipperOptions options = FastOptions(200);
  options.batch_interval = std::chrono::hours(1);  // nothing is sealed for its age
  options.max_busy_batch_bytes = 200;              // chunks are sealed once 200 bytes are full,
  options.max_kept_bytes = 200;                    // so the open batch always fits
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", options, nullptr);
  Emit(shipper, 60);  // a few chunks are sent as they fill; the last lines stay open
  std::optional<SealedChunk> kept;
  EXPECT_EQ(shipper.Finish(nullptr, &kept), LogShipper::FinishResult::kDelivered);
  ASSERT_TRUE(kept);
  auto parsed = api::ParseCompactLogChunk(kept->body);
  ASSERT_TRUE(parsed) << kept->body;
  EXPECT_GT(shipper.acked(), 0);
  EXPECT_EQ(parsed->seq, shipper.acked());  // numbered after every chunk sent
  std::vector<std::string> lines = server.Lines();
  for (const api::CompactLogGroup& g : parsed->groups)
    api::ForEachLine(g.lines, [&](std::string_view l) { lines.emplace_back(l); });
  EXPECT_EQ(lines, Expected(60));
}

TEST(LogShipper, ALastBatchTooLargeToKeepIsSent) {
  FakeServer server;
  MemoryBudget budget(1 << 20);
  LogShipperOptions options = FastOptions();
  options.batch_interval = std::chrono::hours(1);
  options.max_kept_bytes = 10;
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", options, nullptr);
  Emit(shipper, 5);
  std::optional<SealedChunk> kept;
  EXPECT_EQ(shipper.Finish(nullptr, &kept), LogShipper::FinishResult::kDelivered);
  EXPECT_FALSE(kept);
  EXPECT_EQ(server.Lines(), Expected(5));
}

TEST(LogShipper, LostAnswersAreRetriedWithoutDuplicates) {
  FakeServer server;
  server.lose_answers(3);
  MemoryBudget budget(1 << 20);
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", FastOptions(100),
                     nullptr);
  Emit(shipper, 50);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kDelivered);
  EXPECT_EQ(server.Lines(), Expected(50));
}

TEST(LogShipper, OutageSpillsToDiskThenDeliversEverything) {
  FakeServer server;
  server.set_down(true);
  MemoryBudget budget(1000);
  LogShipperOptions options = FastOptions(200);
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", options, nullptr);
  Emit(shipper, 2000);
  EXPECT_GT(shipper.spilled(), 0u);
  EXPECT_LE(budget.used(), 1000);
  EXPECT_TRUE(std::filesystem::exists(options.spool_path));
  server.set_down(false);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kDelivered);
  EXPECT_EQ(server.Lines(), Expected(2000));
}

TEST(LogShipper, BatchesGrowWhileTheServerIsBusyButNotPastTheBusyLimit) {
  FakeServer server;
  server.set_down(true);
  MemoryBudget budget(1 << 20);
  LogShipperOptions options = FastOptions(1000);  // busy limit 4000
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", options, nullptr);
  Emit(shipper, 2000);  // about 20 KB: while the first chunk waits, the rest makes big ones
  server.set_down(false);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kDelivered);
  EXPECT_EQ(server.Lines(), Expected(2000));
  EXPECT_GT(server.largest(), 2000u);
  EXPECT_LE(server.largest(), 4000u);
}

TEST(LogShipper, RefusedAttemptCallsBackAndDropsTheRest) {
  FakeServer server;
  server.set_refuse();
  MemoryBudget budget(1 << 20);
  std::atomic<int> refused{0};
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", FastOptions(),
                     [&] { ++refused; });
  Emit(shipper, 10);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kRefused);
  EXPECT_EQ(refused.load(), 1);
  EXPECT_TRUE(server.Lines().empty());
  EXPECT_EQ(budget.used(), 0);
}

TEST(LogShipper, ExternalAbandonEndsFinishDuringAnOutage) {
  FakeServer server;
  server.set_down(true);
  MemoryBudget budget(1 << 20);
  Interrupt shutdown_deadline;
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", FastOptions(),
                     nullptr);
  Emit(shipper, 10);
  shutdown_deadline.Raise();
  EXPECT_EQ(shipper.Finish(&shutdown_deadline), LogShipper::FinishResult::kAbandoned);
}

TEST(LogShipper, NoLinesNoChunks) {
  FakeServer server;
  MemoryBudget budget(1 << 20);
  LogShipper shipper(server, budget, SystemClock::Instance(), "job", "step", "1", FastOptions(),
                     nullptr);
  EXPECT_EQ(shipper.Finish(), LogShipper::FinishResult::kDelivered);
  EXPECT_EQ(shipper.acked(), 0);
}

}  // namespace
}  // namespace stroem::worker
