// Many clients claiming and completing at once: every step exactly once, no error, no
// deadlock (a deadlock shows up as the CTest timeout).
#include <set>
#include <thread>

#include "storage/testing/test_stores.h"

namespace stroem::storage::testing {
namespace {

constexpr int kThreads = 8;
constexpr int kJobs = 100;
constexpr int kStepsPerJob = 20;

class ConcurrencyTest : public StoreTest {
 protected:
  StoreOptions Options() const override { return StoreOptions{.pool_size = kThreads}; }
};

// Claims and completes until nothing is claimable; returns "job/step" of every claim.
std::vector<std::string> Drain(Store& store, const std::string& worker, std::string& error) {
  std::vector<std::string> claimed;
  for (;;) {
    auto claim = store.ClaimStep(worker, {"shell"});
    if (!claim) return error = claim.error().message, claimed;
    if (!*claim) return claimed;
    const Step& step = (*claim)->step;
    claimed.push_back(step.job_id + "/" + step.step_name);
    auto done = store.CompleteStep(step.job_id, step.step_name, (*claim)->attempt_id,
                                   StepResult{0, std::nullopt, std::nullopt});
    if (!done) return error = done.error().message, claimed;
  }
}

TEST_P(ConcurrencyTest, EightClientsClaimEveryStepExactlyOnce) {
  for (int j = 0; j < kJobs; ++j) {
    NewJob job;
    job.task_name = "load";
    for (int s = 0; s < kStepsPerJob; ++s)
      job.steps.push_back(NewStep{.name = "s" + std::to_string(s), .action_name = "a"});
    ASSERT_TRUE(store_->CreateJob(job));
  }
  std::vector<std::vector<std::string>> claimed(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    std::string worker = store_->RegisterWorker("w" + std::to_string(t), {"shell"}).value();
    threads.emplace_back([&, t, worker] { claimed[t] = Drain(*store_, worker, errors[t]); });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> unique;
  size_t total = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(errors[t], "") << "thread " << t;
    total += claimed[t].size();
    unique.insert(claimed[t].begin(), claimed[t].end());
  }
  EXPECT_EQ(total, static_cast<size_t>(kJobs * kStepsPerJob));
  EXPECT_EQ(unique.size(), total);
  EXPECT_EQ(store_->ListJobs({.status = "completed", .limit = 1000})->size(),
            static_cast<size_t>(kJobs));
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrencyTest, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::storage::testing
