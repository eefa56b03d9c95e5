// Protocol-level errors and abuse, through a real server: every refusal is a
// JSON {"error": ...} with the right status, and never hurts other clients.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>

#include "server/testing/test_server.h"

namespace stroem::server::testing {
namespace {

class HttpErrors : public ServerTest {
 protected:
  void Configure(ServerConfig& config) override {
    config.max_body_bytes = 4096;
    config.request_timeout_secs = 1;
  }
};

bool HasJsonError(const std::string& raw_response) {
  size_t body = raw_response.find("\r\n\r\n");
  return body != std::string::npos && raw_response.find("{\"error\":", body) != std::string::npos;
}

TEST_P(HttpErrors, OversizedBodyIs413) {
  TestResponse r = client().Post("/api/tasks/single/execute", std::string(10000, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("request body larger than 4096 bytes"), std::string::npos) << r.body;
}

TEST_P(HttpErrors, LogChunksMayExceedTheBodyLimitUpToTwoMebibytes) {
  std::string job = Execute("single");
  std::string worker = RegisterWorker();
  boost::json::value claim = boost::json::parse(Claim(worker));
  boost::json::array lines;
  for (int i = 0; i < 20; ++i)  // 1 MiB, as a busy Strøm worker sends it
    lines.push_back(boost::json::object{
        {"ts", "2026-01-01T00:00:00Z"}, {"stream", "stdout"}, {"line", std::string(50 << 10, 'x')}});
  boost::json::object chunk{
      {"step", "only"}, {"attempt", claim.at("attempt")}, {"seq", 0}, {"lines", lines}};
  TestResponse stored = client().Worker("/worker/jobs/" + job + "/logs",
                                        boost::json::serialize(chunk), kToken);
  EXPECT_EQ(stored.status, 200) << stored.body;
  // Refused from its Content-Length alone, before any of the body is sent.
  std::string huge = client().Raw("POST /worker/jobs/" + job + "/logs HTTP/1.1\r\nHost: x\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Content-Length: 3145728\r\n\r\n");
  EXPECT_EQ(huge.rfind("HTTP/1.1 413", 0), 0u) << huge;
  EXPECT_NE(huge.find("larger than 2097152 bytes"), std::string::npos) << huge;
  // Every other route keeps http.max_body_bytes.
  TestResponse result = client().Worker("/worker/jobs/" + job + "/steps/only/complete",
                                        std::string(10000, ' '), kToken);
  EXPECT_EQ(result.status, 413);
}

TEST_P(HttpErrors, HugeHeadersAre431) {
  TestResponse r = client().Send("GET", "/api/tasks", "", {{"X-Big", std::string(20000, 'a')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_NE(r.body.find("\"error\""), std::string::npos);
}

TEST_P(HttpErrors, MalformedRequestIs400Json) {
  std::string raw = client().Raw("NOT A REQUEST\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 400", 0), 0u) << raw;
  EXPECT_TRUE(HasJsonError(raw)) << raw;
}

TEST_P(HttpErrors, DeeplyNestedJsonIsRefused) {
  std::string deep = "{\"input\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  TestResponse r = client().Post("/api/tasks/single/execute", deep.substr(0, 4000));
  EXPECT_EQ(r.status, 400);
  std::string nested = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_EQ(client().Post("/api/tasks/single/execute", nested).status, 400);
}

TEST_P(HttpErrors, UnknownRouteAndMethodAreJson) {
  TestResponse missing = client().Get("/api/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(boost::json::parse(missing.body).at("error"), "Not found: /api/nothing");
  TestResponse method = client().Send("PUT", "/api/jobs", "", {});
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.headers["allow"], "GET");
}

TEST_P(HttpErrors, SlowClientIsCutOffWithoutBlockingOthers) {
  // A request that never finishes: the server closes it after request_timeout.
  auto slow = std::async(std::launch::async, [&] {
    return client().Raw("POST /api/tasks/single/execute HTTP/1.1\r\nContent-Length: 100\r\n\r\n{");
  });
  EXPECT_EQ(client().Get("/api/tasks").status, 200);
  EXPECT_EQ(slow.get().find("HTTP/1.1 200"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpErrors, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::server::testing
