// The worker API and orchestration through a real server on port 0, on SQLite
// and PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>

#include "server/testing/test_server.h"

namespace stroem::server::testing {
namespace {

namespace json = boost::json;
using WorkerApi = ServerTest;

json::value J(const std::string& body) {
  return json::parse(body);
}
json::value J(const TestResponse& r) {
  return json::parse(r.body);
}
std::string S(const json::value& v, const char* key) {
  return std::string(v.at(key).as_string());
}

// A claimed step, as the worker sees it.
struct Claimed {
  std::string job, step, attempt;
  json::value body;
};

class Worker {
 public:
  Worker(ServerTest* test, TestClient& client, std::string id)
      : test_(test), client_(client), id_(std::move(id)) {}

  std::optional<Claimed> Claim(int wait_ms = 0) {
    TestResponse r = Call("/worker/jobs/claim", R"({"worker_id":")" + id_ + R"(","wait_ms":)" +
                                                    std::to_string(wait_ms) + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    json::value v = J(r);
    if (v.at("job_id").is_null()) return std::nullopt;
    return Claimed{S(v, "job_id"), S(v, "step_name"), S(v, "attempt"), v};
  }

  TestResponse Complete(const Claimed& c, const std::string& output, int exit_code = 0) {
    return Call("/worker/jobs/" + c.job + "/steps/" + c.step + "/complete",
                R"({"attempt":")" + c.attempt + R"(","exit_code":)" + std::to_string(exit_code) +
                    R"(,"output":)" + output + "}");
  }

  TestResponse Log(const Claimed& c, int seq, const std::string& line,
                   const char* stream = "stdout") {
    json::object chunk{
        {"step", c.step},
        {"attempt", c.attempt},
        {"seq", seq},
        {"lines", json::array{json::object{
                      {"ts", "2026-01-01T00:00:00Z"}, {"stream", stream}, {"line", line}}}}};
    return Call("/worker/jobs/" + c.job + "/logs", json::serialize(chunk));
  }

  TestResponse Call(const std::string& target, const std::string& body) {
    return client_.Worker(target, body, kToken);
  }

 private:
  ServerTest* test_;
  TestClient& client_;
  std::string id_;
};

TEST_P(WorkerApi, AuthIsRequiredOnEveryWorkerEndpoint) {
  for (const char* path : {"/worker/register", "/worker/heartbeat", "/worker/jobs/claim",
                           "/worker/jobs/x/logs", "/worker/jobs/x/steps/s/start",
                           "/worker/jobs/x/steps/s/complete", "/worker/jobs/x/complete"}) {
    TestResponse none = client().Post(path, "{}");
    EXPECT_EQ(none.status, 401) << path;
    EXPECT_EQ(S(J(none), "error"), "Missing authorization header");
    TestResponse basic = client().Send("POST", path, "{}", {{"Authorization", "Basic abc"}});
    EXPECT_EQ(S(J(basic), "error"), "Invalid authorization header format");
    TestResponse wrong = client().Worker(path, "{}", "not-the-token");
    EXPECT_EQ(S(J(wrong), "error"), "Invalid worker token");
  }
}

TEST_P(WorkerApi, RegisterAndHeartbeatValidateTheirBodies) {
  Worker w(this, client(), "");
  EXPECT_EQ(w.Call("/worker/register", R"({"capabilities":["shell"]})").status, 400);
  EXPECT_EQ(w.Call("/worker/register", R"({"name":"x","capabilities":"shell"})").status, 400);
  EXPECT_EQ(S(J(w.Call("/worker/heartbeat", R"({"worker_id":"nope"})")), "error"),
            "Invalid worker ID");
  std::string id = RegisterWorker();
  EXPECT_EQ(w.Call("/worker/heartbeat", R"({"worker_id":")" + id + R"("})").body,
            R"({"status":"ok","cancel":[]})");
}

TEST_P(WorkerApi, IdleClaimHasAllSeedKeysNull) {
  json::value v = J(Claim(RegisterWorker()));
  for (const char* key : {"job_id", "step_name", "action_name", "action_type", "action_image",
                          "action_spec", "input"})
    EXPECT_TRUE(v.at(key).is_null()) << key;
}

TEST_P(WorkerApi, ClaimRendersInputsActionAndSecrets) {
  std::string job = Execute("hello", R"J({"input":{"loud":true,"name":"O'Brien $(x)"}})J");
  Worker w(this, client(), RegisterWorker());
  auto c = w.Claim();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->job, job);
  EXPECT_EQ(c->body.at("task_name"), "hello");
  EXPECT_EQ(c->body.at("input"), json::parse(R"J({"name":"O'Brien $(x)","level":"info"})J"));
  const json::value& spec = c->body.at("action_spec");
  EXPECT_EQ(spec.at("cmd"), "echo Hello 'O'\\''Brien $(x)' s3cret");
  EXPECT_EQ(spec.at("env"), json::parse(R"J({"WHO":"O'Brien $(x)","LEVEL":"info"})J"));
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("status"), "running");
  EXPECT_FALSE(detail.at("started_at").is_null());
  EXPECT_EQ(detail.at("steps").at(0).at("status"), "running");
  EXPECT_EQ(detail.at("steps").at(0).at("attempt"), 1);
  // Secrets reach the worker's claim only, never the job API.
  EXPECT_EQ(json::serialize(detail).find("s3cret"), std::string::npos);
}

TEST_P(WorkerApi, DiamondPassesOutputsAndFinishesTheJob) {
  std::string job = Execute("diamond");
  Worker w(this, client(), RegisterWorker());
  auto a = w.Claim();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->step, "a");
  EXPECT_FALSE(w.Claim()) << "b and c wait for a";
  EXPECT_EQ(w.Complete(*a, R"({"v":"A"})").status, 200);
  auto b = w.Claim(), c = w.Claim();
  ASSERT_TRUE(b && c);
  EXPECT_EQ(b->body.at("input").at("value"), "A-b");
  EXPECT_EQ(c->body.at("input").at("value"), "A-c");
  w.Complete(*b, R"({"v":"B"})");
  w.Complete(*c, R"({"v":"C"})");
  auto d = w.Claim();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->body.at("input").at("value"), "B+C");
  w.Complete(*d, "null");
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("status"), "completed");
  EXPECT_FALSE(detail.at("completed_at").is_null());
  EXPECT_EQ(detail.at("steps").at(1).at("output"), json::parse(R"({"v":"B"})"));
  EXPECT_EQ(detail.at("steps").at(3).at("input"), json::parse(R"({"value":"B+C"})"));
}

TEST_P(WorkerApi, FailureSkipsDependentsAndFailsTheJob) {
  std::string job = Execute("diamond");
  Worker w(this, client(), RegisterWorker());
  auto a = w.Claim();
  ASSERT_TRUE(a);
  EXPECT_EQ(w.Complete(*a, "null", 3).status, 200);
  EXPECT_FALSE(w.Claim());
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("status"), "failed");
  EXPECT_EQ(detail.at("steps").at(0).at("error_message"), "Process exited with code 3");
  for (int i = 1; i < 4; ++i) EXPECT_EQ(detail.at("steps").at(i).at("status"), "skipped");
}

TEST_P(WorkerApi, RenderErrorFailsTheStepNamingFieldAndPosition) {
  std::string job = Execute("broken-template");
  Worker w(this, client(), RegisterWorker());
  EXPECT_FALSE(w.Claim()) << "the broken step is failed, not handed out";
  json::value detail = J(client().Get("/api/jobs/" + job));
  EXPECT_EQ(detail.at("status"), "failed");
  EXPECT_EQ(detail.at("steps").at(1).at("error_message"),
            "template error in input 'value' of step 'first': line 1, col 4: undefined variable "
            "'input.missing' in "
            "`input.missing`");
  EXPECT_EQ(detail.at("steps").at(0).at("status"), "skipped");
}

TEST_P(WorkerApi, LongPollWakesWhenAStepBecomesReady) {
  Worker w(this, client(), RegisterWorker());
  auto claim = std::async(std::launch::async, [&] { return w.Claim(20000); });
  // The claim is held until the job exists; if the wakeup were lost it would
  // return empty after 20 s and the assertion below would fail.
  std::string job = Execute("single");
  auto got = claim.get();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->job, job);
}

TEST_P(WorkerApi, OneClaimCanHandOutSeveralSteps) {
  Execute("single");
  Execute("single");
  Execute("single");
  std::string worker = RegisterWorker();
  Worker w(this, client(), worker);
  TestResponse r = w.Call("/worker/jobs/claim", R"({"worker_id":")" + worker + R"(","max_steps":2})");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = J(r);
  EXPECT_FALSE(v.at("job_id").is_null());
  ASSERT_EQ(v.at("more").as_array().size(), 1u);
  EXPECT_NE(v.at("more").at(0).at("attempt"), v.at("attempt"));
  TestResponse rest = w.Call("/worker/jobs/claim", R"({"worker_id":")" + worker + R"(","max_steps":5})");
  EXPECT_EQ(J(rest).at("more").as_array().size(), 0u);  // one step was left
  EXPECT_EQ(w.Call("/worker/jobs/claim", R"({"worker_id":")" + worker + R"(","max_steps":0})").status, 400);
}

TEST_P(WorkerApi, AClaimAfterAnEmptyOneStillHandsOutEveryReadyStep) {
  std::string worker = RegisterWorker();
  Worker w(this, client(), worker);
  EXPECT_FALSE(w.Claim());  // nothing ready: the server stops asking its store for more
  for (int i = 0; i < 3; ++i) Execute("single");
  TestResponse r = w.Call("/worker/jobs/claim", R"({"worker_id":")" + worker + R"(","max_steps":5})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(J(r).at("job_id").is_null());
  EXPECT_EQ(J(r).at("more").as_array().size(), 2u);
}

TEST_P(WorkerApi, ResultsAreCompareAndSetAndIdempotent) {
  std::string job = Execute("single");
  Worker w(this, client(), RegisterWorker());
  auto c = w.Claim();
  ASSERT_TRUE(c);
  EXPECT_EQ(
      w.Call("/worker/jobs/" + job + "/steps/only/start", R"({"attempt":")" + c->attempt + R"("})")
          .status,
      200);
  Claimed other = *c;
  other.attempt = "00000000-0000-4000-8000-000000000001";
  EXPECT_EQ(w.Complete(other, "null").status, 409);
  EXPECT_EQ(w.Complete(*c, R"({"x":1})").body, R"({"status":"ok"})");
  EXPECT_EQ(w.Complete(*c, R"({"x":1})").body, R"({"status":"ok","duplicate":true})");
  EXPECT_EQ(
      w.Call("/worker/jobs/" + job + "/steps/only/start", R"({"attempt":")" + c->attempt + R"("})")
          .status,
      409);
  Claimed unknown = *c;
  unknown.job = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(w.Complete(unknown, "null").status, 404);
  EXPECT_EQ(
      w.Call("/worker/jobs/" + job + "/steps/only/complete", R"({"exit_code":"zero"})").status,
      400);
}

TEST_P(WorkerApi, AResultCanAskForTheWorkersNextStep) {
  std::string first = Execute("single");
  std::string second = Execute("single");
  std::string worker = RegisterWorker();
  Worker w(this, client(), worker);
  auto c = w.Claim();
  ASSERT_TRUE(c);
  const std::string path = "/worker/jobs/" + first + "/steps/only/complete";
  const std::string result = R"({"attempt":")" + c->attempt + R"(","exit_code":0,"output":null,)";
  // Bad requests for a next step are refused before the result is recorded.
  EXPECT_EQ(w.Call(path, result + R"("next":"soon"})").status, 400);
  EXPECT_EQ(w.Call(path, result + R"("next":{"worker_id":"nope"}})").status, 400);
  EXPECT_EQ(w.Call(path, result + R"("next":{"worker_id":")" + worker + R"(","capabilities":[1]}})").status, 400);
  EXPECT_EQ(J(client().Get("/api/jobs/" + first)).at("status"), "running");

  TestResponse r = w.Call(path, result + R"("next":{"worker_id":")" + worker + R"("}})");
  ASSERT_EQ(r.status, 200) << r.body;
  json::value v = J(r);
  EXPECT_EQ(v.at("status"), "ok");
  const json::value& next = v.at("next");
  ASSERT_TRUE(next.is_object()) << r.body;
  EXPECT_EQ(S(next, "job_id"), second);
  EXPECT_EQ(S(next, "step_name"), "only");
  EXPECT_EQ(J(client().Get("/api/jobs/" + first)).at("status"), "completed");
  EXPECT_EQ(J(client().Get("/api/jobs/" + second)).at("steps").at(0).at("status"), "running");

  // A retried result is a duplicate and claims nothing; with nothing ready, next is null.
  EXPECT_EQ(w.Call(path, result + R"("next":{"worker_id":")" + worker + R"("}})").body,
            R"({"status":"ok","duplicate":true})");
  Claimed again{second, "only", S(next, "attempt"), next};
  TestResponse last = w.Call("/worker/jobs/" + second + "/steps/only/complete",
                             R"({"attempt":")" + again.attempt +
                                 R"(","exit_code":0,"output":null,"next":{"worker_id":")" + worker +
                                 R"(","capabilities":["shell"]}})");
  EXPECT_EQ(last.body, R"({"status":"ok","next":null})");
}

TEST_P(WorkerApi, LogChunksAreStoredOnceAndServedPlainAndPerStep) {
  std::string job = Execute("diamond");
  Worker w(this, client(), RegisterWorker());
  auto a = w.Claim();
  ASSERT_TRUE(a);
  EXPECT_EQ(w.Log(*a, 0, "first \"line\" ✓").body, R"({"status":"ok"})");
  EXPECT_EQ(w.Log(*a, 0, "first \"line\" ✓").body, R"({"status":"ok","duplicate":true})");
  EXPECT_EQ(w.Log(*a, 1, "oops", "stderr").status, 200);
  Claimed stale = *a;
  stale.attempt = "00000000-0000-4000-8000-000000000001";
  EXPECT_EQ(w.Log(stale, 0, "x").status, 409);
  Claimed unknown = *a;
  unknown.job = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(w.Log(unknown, 0, "x").status, 404);
  EXPECT_EQ(w.Call("/worker/jobs/" + job + "/logs", R"({"chunk":"seed style\nsecond\n"})").status,
            200);
  EXPECT_EQ(w.Call("/worker/jobs/" + job + "/logs", R"({"step":"a"})").status, 400);
  EXPECT_EQ(J(client().Get("/api/jobs/" + job + "/logs")),
            json::parse(R"({"logs":"first \"line\" ✓\noops\nseed style\nsecond\n"})"));
  EXPECT_EQ(J(client().Get("/api/jobs/" + job + "/logs?step=a")),
            json::parse(R"({"logs":"first \"line\" ✓\noops\n"})"));
  EXPECT_EQ(J(client().Get("/api/jobs/" + job + "/logs?step=b")), json::parse(R"({"logs":""})"));
}

TEST_P(WorkerApi, LogStreamSendsHistoryThenEndsWhenTheJobFinishes) {
  std::string job = Execute("single");
  Worker w(this, client(), RegisterWorker());
  auto c = w.Claim();
  ASSERT_TRUE(c);
  w.Log(*c, 0, "before the stream");
  auto stream = std::async(std::launch::async,
                           [&] { return client().Get("/api/jobs/" + job + "/logs/stream"); });
  w.Log(*c, 1, "while streaming");
  w.Complete(*c, "null");
  TestResponse r = stream.get();  // ends only because the job finished
  EXPECT_EQ(r.headers["content-type"], "text/event-stream");
  EXPECT_NE(r.body.find(R"("line":"before the stream")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("line":"while streaming")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("event: end\ndata: {\"status\":\"completed\"}"), std::string::npos)
      << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerApi, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::server::testing
