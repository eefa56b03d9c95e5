// Bad input and abuse through the real binaries: every worker endpoint refuses a missing
// or wrong token (401), a job or step that does not exist (404) and someone else's
// attempt (409); secret values never reach job API responses and are masked in stored
// logs. (Protocol abuse — oversized bodies, deep JSON, huge headers, slow clients — is
// covered in src/server/http_errors_test.cc and fuzzed by fuzz/server_*_fuzz.cc.)
#include "api/worker_client.h"
#include "scenario.h"

namespace stroem::fault {
namespace {

class Abuse : public FaultTest {};

const char* const kZeroUuid = "00000000-0000-4000-8000-000000000000";

long Status(const api::HttpClient& http, const std::string& path, const std::string& body) {
  auto r = http.Post(path, body);
  return r ? r->status : -1;
}

TEST_P(Abuse, WorkerEndpointsRefuseBadTokensUnknownIdsAndForeignAttempts) {
  auto c = StartCluster({.workers = 0, .lease_seconds = 30});
  ASSERT_TRUE(c);
  api::WorkerClient w(c->url(), FaultCluster::kWorkerToken);
  auto me = w.Register("abuse", {"shell"});
  ASSERT_TRUE(me);
  std::vector<std::string> ids = TriggerJobs(*c, 1);
  ASSERT_EQ(ids.size(), 1u);
  auto claim = w.Claim(*me, {"shell"}, 5000);
  ASSERT_TRUE(claim && *claim);
  const std::string job = ids[0], step = (*claim)->step_name;
  const std::string worker = R"({"worker_id":")" + *me + R"("})";
  const std::vector<std::string> paths = {"/worker/register",
                                          "/worker/heartbeat",
                                          "/worker/jobs/claim",
                                          "/worker/jobs/" + job + "/steps/" + step + "/start",
                                          "/worker/jobs/" + job + "/steps/" + step + "/complete",
                                          "/worker/jobs/" + job + "/logs",
                                          "/worker/jobs/" + job + "/complete"};
  api::HttpClient anonymous(c->url()), wrong(c->url(), "not-the-token");
  for (const std::string& p : paths) {
    EXPECT_EQ(Status(anonymous, p, worker), 401) << p;
    EXPECT_EQ(Status(wrong, p, worker), 401) << p;
  }
  api::HttpClient ok(c->url(), FaultCluster::kWorkerToken);
  for (const std::string& p : {"/worker/jobs/" + std::string(kZeroUuid) + "/steps/a/complete",
                               "/worker/jobs/" + std::string(kZeroUuid) + "/steps/a/start",
                               "/worker/jobs/" + job + "/steps/nope/complete"})
    EXPECT_EQ(Status(ok, p, R"({"exit_code":0})"), 404) << p;
  EXPECT_EQ(Status(ok, "/worker/jobs/" + std::string(kZeroUuid) + "/logs", R"({"chunk":"x"})"),
            404);
  std::string foreign = std::string(R"({"attempt":")") + kZeroUuid + R"(","exit_code":0})";
  EXPECT_EQ(Status(ok, "/worker/jobs/" + job + "/steps/" + step + "/complete", foreign), 409);
  std::string chunk = R"({"step":")" + step + R"(","attempt":")" + kZeroUuid +
                      R"(","seq":0,"lines":[{"line":"x"}]})";
  EXPECT_EQ(Status(ok, "/worker/jobs/" + job + "/logs", chunk), 409);
  // The real attempt still completes: the refusals changed nothing.
  EXPECT_TRUE(w.Complete(job, step, {.attempt_json = (*claim)->attempt_json}));
}

TEST_P(Abuse, SecretsAreMaskedInLogsAndAbsentFromJobResponses) {
  auto c = StartCluster({.workers = 1});
  ASSERT_TRUE(c);
  std::string id = c->Trigger("leak");
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(c->WaitTerminal({id}, 60).empty()) << c->Output();
  std::string stored = api::testing::ReadFile(c->LogPath(id));
  EXPECT_NE(stored.find("token=***"), std::string::npos) << stored;
  EXPECT_EQ(stored.find(kSecretValue), std::string::npos) << stored;
  for (const std::string& path :
       {"/api/jobs/" + id, "/api/jobs/" + id + "/logs", std::string("/api/jobs")}) {
    auto r = c->http().Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->body.find(kSecretValue), std::string::npos) << path << ": " << r->body;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Abuse, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace stroem::fault
