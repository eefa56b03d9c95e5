// The public API through a real server on port 0, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "server/testing/test_server.h"

namespace stroem::server::testing {
namespace {

namespace json = boost::json;
using PublicApi = ServerTest;

json::value J(const TestResponse& r) {
  return json::parse(r.body);
}
std::string Err(const TestResponse& r) {
  return std::string(J(r).at("error").as_string());
}

TEST_P(PublicApi, ListsTasksByName) {
  TestResponse r = client().Get("/api/tasks");
  ASSERT_EQ(r.status, 200);
  json::array tasks = J(r).as_array();
  ASSERT_EQ(tasks.size(), 5u);
  EXPECT_EQ(tasks[0].at("name"), "broken-template");
  EXPECT_EQ(tasks[0].at("mode"), "distributed");
}

TEST_P(PublicApi, TaskDetailAndUnknownTask) {
  TestResponse r = client().Get("/api/tasks/hello");
  ASSERT_EQ(r.status, 200);
  json::value t = J(r);
  EXPECT_EQ(t.at("input").at("name").at("default"), "World");
  EXPECT_EQ(t.at("input").at("loud").at("required"), true);
  EXPECT_EQ(t.at("flow").at("greet").at("action"), "greet");
  TestResponse missing = client().Get("/api/tasks/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Err(missing), "Task not found");
}

TEST_P(PublicApi, ExecuteMergesDefaults) {
  std::string id = Execute("hello", R"({"input":{"loud":true,"count":3}})");
  json::value job = J(client().Get("/api/jobs/" + id));
  EXPECT_EQ(job.at("input"), json::parse(R"({"name":"World","count":3,"loud":true})"));
  EXPECT_EQ(job.at("status"), "pending");
  EXPECT_EQ(job.at("steps").as_array().size(), 1u);
}

TEST_P(PublicApi, ExecuteRefusesBadInputNamingTheField) {
  auto post = [&](const std::string& body) {
    return client().Post("/api/tasks/hello/execute", body);
  };
  TestResponse missing = post(R"({"input":{}})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Err(missing), "missing required input 'loud' for task 'hello'");
  TestResponse unknown = post(R"({"input":{"loud":true,"nmae":"x"}})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Err(unknown),
            "unknown input 'nmae' for task 'hello' (it takes: name, count, colour, loud)");
  TestResponse type = post(R"({"input":{"loud":"yes"}})");
  EXPECT_EQ(Err(type), "input 'loud' of task 'hello' must be a boolean, not a string");
  TestResponse integer = post(R"({"input":{"loud":true,"count":1.5}})");
  EXPECT_EQ(Err(integer),
            "input 'count' of task 'hello' must be an integer, not a number with a fraction");
  TestResponse option = post(R"({"input":{"loud":true,"colour":"green"}})");
  EXPECT_EQ(Err(option),
            "input 'colour' of task 'hello' must be one of \"red\", \"blue\", got \"green\"");
  EXPECT_EQ(Err(post(R"({"input":[1]})")), "'input' must be a JSON object");
  EXPECT_EQ(Err(post("[1]")), "request body must be a JSON object");
  EXPECT_EQ(post("{not json").status, 400);
  EXPECT_EQ(Err(post(R"({"inputs":{}})")),
            "unknown field 'inputs' in request body (expected 'input')");
  EXPECT_EQ(client().Post("/api/tasks/nope/execute", "{}").status, 404);
  TestResponse form =
      client().Send("POST", "/api/tasks/single/execute", "{}", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(form.status, 415);
  // Nothing was created by any refused request.
  EXPECT_EQ(J(client().Get("/api/jobs")).as_array().size(), 0u);
}

TEST_P(PublicApi, ExecuteWithoutBodyUsesEmptyInput) {
  TestResponse r = client().Send("POST", "/api/tasks/single/execute", "", {});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_P(PublicApi, ListsJobsNewestFirstWithFilters) {
  std::string first = Execute("single");
  std::string second = Execute("diamond");
  std::string third = Execute("single");
  json::array all = J(client().Get("/api/jobs")).as_array();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].at("job_id"), third.c_str());
  EXPECT_EQ(all[2].at("job_id"), first.c_str());
  EXPECT_EQ(all[0].at("source_type"), "api");
  json::array page = J(client().Get("/api/jobs?limit=1&offset=1")).as_array();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].at("job_id"), second.c_str());
  EXPECT_EQ(J(client().Get("/api/jobs?task=single")).as_array().size(), 2u);
  EXPECT_EQ(J(client().Get("/api/jobs?status=completed")).as_array().size(), 0u);
  EXPECT_EQ(J(client().Get("/api/jobs?workspace=default")).as_array().size(), 3u);
  EXPECT_EQ(client().Get("/api/jobs?limit=abc").status, 400);
  EXPECT_EQ(client().Get("/api/jobs?offset=-1").status, 400);
  EXPECT_EQ(client().Get("/api/jobs?status=done").status, 400);
}

TEST_P(PublicApi, JobDetailErrors) {
  EXPECT_EQ(Err(client().Get("/api/jobs/not-a-uuid")), "Invalid job ID");
  TestResponse missing = client().Get("/api/jobs/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Err(missing), "Job not found");
  EXPECT_EQ(client().Get("/api/jobs/00000000-0000-4000-8000-000000000000/logs").status, 404);
  EXPECT_EQ(client().Get("/api/jobs/00000000-0000-4000-8000-000000000000/logs/stream").status, 404);
  EXPECT_EQ(client().Get("/api/jobs/xyz/logs").status, 400);
}

TEST_P(PublicApi, LogsOfAJobWithoutOutputAreEmpty) {
  std::string id = Execute("single");
  TestResponse r = client().Get("/api/jobs/" + id + "/logs");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(J(r), json::parse(R"({"logs":""})"));
  EXPECT_EQ(client().Get("/api/jobs/" + id + "/logs?step=nope").status, 404);
}

TEST_P(PublicApi, WorkersAreListed) {
  RegisterWorker();
  json::array workers = J(client().Get("/api/workers")).as_array();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].at("name"), "w");
  EXPECT_EQ(workers[0].at("capabilities"), json::parse(R"(["shell"])"));
}

TEST_P(PublicApi, OperationsEndpoints) {
  EXPECT_EQ(client().Get("/healthz").status, 200);
  EXPECT_EQ(client().Get("/readyz").status, 200);
  Execute("single");
  TestResponse metrics = client().Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("stroem_jobs_created_total 1"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("stroem_jobs{status=\"pending\"} 1\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("stroem_jobs{status=\"running\"} 0\n"), std::string::npos)
      << metrics.body;
  EXPECT_NE(
      metrics.body.find(
          "stroem_http_requests_total{route=\"POST /api/tasks/{name}/execute\",status=\"200\"} 1"),
      std::string::npos)
      << metrics.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicApi, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::server::testing
