// The fixture and helpers of the Store conformance suites (store_*_test.cc): one behaviour,
// run on every backend through STROEM_BACKENDS.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "storage/testing/test_stores.h"

namespace stroem::storage::testing {

inline NewStep MakeStep(std::string name, std::vector<std::string> deps = {},
                        std::string type = "shell") {
  NewStep step;
  step.name = name;
  step.action_name = "act-" + name;
  step.action_type = std::move(type);
  step.depends_on = std::move(deps);
  return step;
}

inline NewJob MakeJob(std::vector<NewStep> steps, std::string task = "deploy") {
  NewJob job;
  job.task_name = std::move(task);
  job.steps = std::move(steps);
  return job;
}

inline const StepResult kOk{0, R"({"ok":true})", std::nullopt};
inline const StepResult kExit2{2, std::nullopt, std::nullopt};

class ConformanceTest : public StoreTest {
 protected:
  std::string Worker(std::vector<std::string> caps = {"shell"}) {
    auto id = store_->RegisterWorker("w", caps);
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or("");
  }
  std::string Create(const NewJob& job) {
    auto created = store_->CreateJob(job);
    EXPECT_TRUE(created) << created.error().message;
    return created ? created->job_id : "";
  }
  Claim MustClaim(const std::string& worker, std::vector<std::string> caps = {"shell"}) {
    auto claim = store_->ClaimStep(worker, caps);
    EXPECT_TRUE(claim && *claim) << (claim ? "nothing claimable" : claim.error().message);
    return claim && *claim ? **claim : Claim{};
  }
  Completion Complete(const Claim& c, const StepResult& result = kOk) {
    auto done = store_->CompleteStep(c.step.job_id, c.step.step_name, c.attempt_id, result);
    EXPECT_TRUE(done) << done.error().message;
    return done.value_or(Completion{});
  }
  std::map<std::string, std::string> Statuses(const std::string& job_id) {
    std::map<std::string, std::string> out;
    auto job = store_->GetJob(job_id);
    EXPECT_TRUE(job) << job.error().message;
    for (const auto& s : job->steps) out[s.step_name] = s.status;
    return out;
  }
  std::string JobStatus(const std::string& job_id) { return store_->GetJob(job_id)->job.status; }
};

}  // namespace stroem::storage::testing
