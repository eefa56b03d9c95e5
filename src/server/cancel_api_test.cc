// Timeouts in claims and job details, POST /api/jobs/{id}/cancel, and the heartbeat's
// cancel list, through a real server on port 0 on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server/testing/test_server.h"

namespace stroem::server::testing {
namespace {

namespace json = boost::json;
using CancelApi = ServerTest;

json::value J(const TestResponse& r) {
  return json::parse(r.body);
}

class CancelApiWorker {
 public:
  CancelApiWorker(TestClient& client, std::string id) : client_(client), id_(std::move(id)) {}

  TestResponse Heartbeat(const std::string& attempts_json) {
    return client_.Worker("/worker/heartbeat",
                          R"({"worker_id":")" + id_ + R"(","attempts":)" + attempts_json + "}",
                          kToken);
  }
  TestResponse Complete(const json::value& claim) {
    return client_.Worker(
        "/worker/jobs/" + std::string(claim.at("job_id").as_string()) + "/steps/" +
            std::string(claim.at("step_name").as_string()) + "/complete",
        R"({"exit_code":0,"attempt":)" + json::serialize(claim.at("attempt")) + "}", kToken);
  }

 private:
  TestClient& client_;
  std::string id_;
};

TEST_P(CancelApi, ClaimsCarryTheEffectiveStepTimeout) {
  std::string job = Execute("timed");
  std::string worker_id = RegisterWorker();
  CancelApiWorker worker(client(), worker_id);
  json::value quick = json::parse(Claim(worker_id));
  EXPECT_EQ(quick.at("step_name"), "quick");
  EXPECT_EQ(quick.at("timeout_ms"), 1500);  // the flow step's own timeout
  ASSERT_EQ(worker.Complete(quick).status, 200);
  json::value slow = json::parse(Claim(worker_id));
  EXPECT_EQ(slow.at("step_name"), "slow");
  EXPECT_EQ(slow.at("timeout_ms"), 2000);                                 // the action's
  EXPECT_TRUE(json::parse(Claim(worker_id)).at("timeout_ms").is_null());  // nothing claimed
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("timeout_ms"), 300000);
  EXPECT_TRUE(detail.at("deadline_at").is_string());
  EXPECT_TRUE(J(client().Get("/api/jobs/" + Execute("single"))).at("deadline_at").is_null());
}

TEST_P(CancelApi, CancelEndsAPendingJobAndRefusesAFinishedOne) {
  EXPECT_EQ(client().Post("/api/jobs/not-a-uuid/cancel", "").status, 400);
  TestResponse unknown = client().Post("/api/jobs/6f1c2a4e-0000-4000-8000-000000000001/cancel", "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(J(unknown).at("error"), "Job not found");
  std::string job = Execute("diamond");
  TestResponse cancelled = client().Post("/api/jobs/" + job + "/cancel", "");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(J(cancelled).at("status"), "cancelled");
  EXPECT_EQ(J(cancelled).at("steps_cancelled"), 4);
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("status"), "cancelled");
  EXPECT_FALSE(detail.at("completed_at").is_null());
  for (const json::value& step : detail.at("steps").as_array())
    EXPECT_EQ(step.at("status"), "cancelled") << json::serialize(step);
  EXPECT_TRUE(json::parse(Claim(RegisterWorker())).at("job_id").is_null());
  TestResponse again = client().Post("/api/jobs/" + job + "/cancel", "");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(J(again).at("error"), "job is already cancelled");
}

TEST_P(CancelApi, CancelOfACompletedJobIsAConflict) {
  std::string job = Execute("single");
  std::string worker_id = RegisterWorker();
  ASSERT_EQ(CancelApiWorker(client(), worker_id).Complete(json::parse(Claim(worker_id))).status,
            200);
  TestResponse r = client().Post("/api/jobs/" + job + "/cancel", "");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, R"({"error":"job is already completed"})");
}

TEST_P(CancelApi, HeartbeatNamesTheCancelledAttemptsAndTheirResultIsRefused) {
  std::string job = Execute("diamond");
  std::string worker_id = RegisterWorker();
  CancelApiWorker worker(client(), worker_id);
  json::value claim = json::parse(Claim(worker_id));
  const std::string attempt = json::serialize(claim.at("attempt"));
  TestResponse alive = worker.Heartbeat("[" + attempt + "]");
  ASSERT_EQ(alive.status, 200) << alive.body;
  EXPECT_EQ(alive.body, R"({"status":"ok","cancel":[]})");
  ASSERT_EQ(client().Post("/api/jobs/" + job + "/cancel", "").status, 200);
  EXPECT_EQ(J(worker.Heartbeat("[" + attempt + "]")).at("cancel"),
            json::parse("[" + attempt + "]"));
  TestResponse late = worker.Complete(claim);
  EXPECT_EQ(late.status, 409) << late.body;
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("status"), "cancelled");
  EXPECT_EQ(detail.at("steps").at(0).at("status"), "cancelled");
  EXPECT_EQ(detail.at("steps").at(0).at("error_message"), "job cancelled");
  EXPECT_EQ(worker.Heartbeat(R"("not a list")").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, CancelApi, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::server::testing
