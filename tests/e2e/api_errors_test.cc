// Every error case of the server's HTTP API, over the wire, each answered as JSON
// {"error": "..."} with the right status. One server (SQLite, no worker at all, so the
// test itself can act as a worker for the stale-attempt case) with a small body limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness.h"

namespace stroem::e2e {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

constexpr size_t kBodyLimit = 64 * 1024;
constexpr const char* kUnknownJob = "00000000-0000-4000-8000-000000000000";

class E2eApiErrors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ClusterOptions options;
    options.embedded_worker = false;
    options.server_env["STROEM__HTTP__MAX_BODY_BYTES"] = std::to_string(kBodyLimit);
    cluster_ = Cluster::Start(options, start_error_);
  }
  static void TearDownTestSuite() { cluster_.reset(); }
  void SetUp() override { ASSERT_TRUE(cluster_) << start_error_; }

  // Sends and checks the status and that the body is a JSON error containing `message`.
  static void ExpectError(const HttpRequest& request, long status, const std::string& message) {
    HttpReply r = Send(request);
    EXPECT_EQ(r.status, status) << request.method << " " << request.url << ": " << r.body
                                << r.transport_error;
    EXPECT_THAT(r.content_type, HasSubstr("application/json")) << request.url;
    EXPECT_THAT(r.Error(), HasSubstr(message)) << request.url << ": " << r.body;
  }
  static HttpRequest Post(const std::string& path, const std::string& body,
                          const std::string& type = "application/json") {
    return {"POST", cluster_->url() + path, body, {"Content-Type: " + type}};
  }
  static HttpRequest Get(const std::string& path) { return {"GET", cluster_->url() + path}; }
  static HttpRequest WorkerPost(const std::string& path, const std::string& body) {
    return {"POST",
            cluster_->url() + path,
            body,
            {"Content-Type: application/json",
             std::string("Authorization: Bearer ") + Cluster::kWorkerToken}};
  }

  static inline std::unique_ptr<Cluster> cluster_;
  static inline std::string start_error_;
};

TEST_F(E2eApiErrors, UnknownTaskIs404) {
  ExpectError(Post("/api/tasks/no-such-task/execute", "{}"), 404, "Task not found");
  ExpectError(Get("/api/tasks/no-such-task"), 404, "Task not found");
}

TEST_F(E2eApiErrors, MalformedJsonIs400) {
  ExpectError(Post("/api/tasks/e2e-noop/execute", R"({"input": )"), 400, "JSON");
}

TEST_F(E2eApiErrors, NonObjectBodyIs400) {
  ExpectError(Post("/api/tasks/e2e-noop/execute", "[1, 2]"), 400, "object");
  ExpectError(Post("/api/tasks/e2e-noop/execute", "\"text\""), 400, "object");
}

TEST_F(E2eApiErrors, NonObjectInputIs400) {
  ExpectError(Post("/api/tasks/e2e-noop/execute", R"({"input": [1]})"), 400,
              "'input' must be a JSON object");
  ExpectError(Post("/api/tasks/e2e-noop/execute", R"({"input": "x"})"), 400,
              "'input' must be a JSON object");
}

TEST_F(E2eApiErrors, MissingRequiredInputIs400) {
  ExpectError(Post("/api/tasks/e2e-defaults/execute", R"({"input": {}})"), 400, "name");
}

TEST_F(E2eApiErrors, UnknownInputNameIs400) {
  ExpectError(Post("/api/tasks/e2e-defaults/execute", R"({"input": {"name": "x", "nmae": "y"}})"),
              400, "nmae");
}

TEST_F(E2eApiErrors, WrongInputTypeIs400) {
  ExpectError(
      Post("/api/tasks/e2e-defaults/execute", R"({"input": {"name": "x", "count": "three"}})"), 400,
      "count");
  ExpectError(Post("/api/tasks/e2e-defaults/execute", R"({"input": {"name": 5}})"), 400, "name");
}

TEST_F(E2eApiErrors, WrongContentTypeIs415) {
  ExpectError(Post("/api/tasks/e2e-noop/execute", "{}", "text/plain"), 415, "Content-Type");
}

TEST_F(E2eApiErrors, UnknownJobIs404) {
  const std::string job = std::string("/api/jobs/") + kUnknownJob;
  ExpectError(Get(job), 404, "Job not found");
  ExpectError(Get(job + "/logs"), 404, "Job not found");
  ExpectError(Get(job + "/logs/stream"), 404, "Job not found");
}

TEST_F(E2eApiErrors, MalformedJobIdIs400) {
  ExpectError(Get("/api/jobs/not-a-uuid"), 400, "Invalid job ID");
  ExpectError(Get("/api/jobs/not-a-uuid/logs"), 400, "Invalid job ID");
  ExpectError(Get("/api/jobs/not-a-uuid/logs/stream"), 400, "Invalid job ID");
}

TEST_F(E2eApiErrors, UnknownRouteIs404) {
  ExpectError(Get("/api/nothing-here"), 404, "");
  ExpectError(Get("/no/such/path"), 404, "");
}

TEST_F(E2eApiErrors, WrongMethodIs405) {
  ExpectError({"DELETE", cluster_->url() + "/api/tasks"}, 405, "");
  ExpectError(Get("/api/tasks/e2e-noop/execute"), 405, "");
  ExpectError(Get("/worker/register"), 405, "");
}

TEST_F(E2eApiErrors, BodyOverTheLimitIs413) {
  std::string big = R"({"input": {"pad": ")" + std::string(kBodyLimit + 1024, 'x') + R"("}})";
  ExpectError(Post("/api/tasks/e2e-noop/execute", big), 413, "");
}

TEST_F(E2eApiErrors, WorkerEndpointsNeedTheToken) {
  const std::string url = cluster_->url() + "/worker/register";
  const std::string body = R"({"name": "intruder", "capabilities": ["shell"]})";
  ExpectError({"POST", url, body, {"Content-Type: application/json"}}, 401,
              "Missing authorization header");
  ExpectError({"POST", url, body, {"Content-Type: application/json", "Authorization: Basic abc"}},
              401, "Invalid authorization header format");
  ExpectError(
      {"POST", url, body, {"Content-Type: application/json", "Authorization: Bearer wrong"}}, 401,
      "Invalid worker token");
  ExpectError(
      {"POST", cluster_->url() + "/worker/jobs/claim", "{}", {"Content-Type: application/json"}},
      401, "Missing authorization header");
}

// The test plays a worker: it claims a step, and a result for any other attempt is
// refused with 409 before and after the real result landed.
TEST_F(E2eApiErrors, StaleAttemptIs409) {
  HttpReply reg =
      Send(WorkerPost("/worker/register", R"({"name": "e2e", "capabilities": ["shell"]})"));
  ASSERT_EQ(reg.status, 200) << reg.body;
  std::string worker(reg.Json().at("worker_id").as_string());
  std::string job = cluster_->Trigger("e2e-noop");
  ASSERT_FALSE(job.empty());

  json::object claim_body{{"worker_id", worker}, {"capabilities", json::array{"shell"}}};
  HttpReply claim = Send(WorkerPost("/worker/jobs/claim", json::serialize(claim_body)));
  ASSERT_EQ(claim.status, 200) << claim.body;
  json::value claimed = claim.Json();
  ASSERT_EQ(claimed.at("job_id"), json::value(job)) << claim.body;
  ASSERT_TRUE(claimed.at("attempt").is_string()) << claim.body;
  const std::string complete = "/worker/jobs/" + job + "/steps/only/complete";

  ExpectError(WorkerPost(complete, R"({"exit_code": 0, "attempt": "not-the-attempt"})"), 409, "");
  json::object result{{"exit_code", 0}, {"attempt", claimed.at("attempt")}};
  HttpReply done = Send(WorkerPost(complete, json::serialize(result)));
  EXPECT_EQ(done.status, 200) << done.body;
  ExpectError(WorkerPost(complete, R"({"exit_code": 1, "attempt": "not-the-attempt"})"), 409, "");
  EXPECT_EQ(StatusOf(cluster_->WaitForJob(job)), "completed");
}

}  // namespace
}  // namespace stroem::e2e
