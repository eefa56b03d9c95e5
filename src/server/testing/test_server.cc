#include "server/testing/test_server.h"

#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace stroem::server::testing {

const char* const kTestWorkflows = R"(
actions:
  emit:
    type: shell
    cmd: echo {{ input.value | shell_quote }}
    input:
      value: { type: string, required: true }
  greet:
    type: shell
    cmd: echo Hello {{ input.name | shell_quote }} {{ secret.token }}
    env:
      WHO: "{{ input.name }}"
      LEVEL: "{{ input.level }}"
    input:
      name: { type: string, required: true }
      level: { type: string, default: info }
  slow:
    type: shell
    cmd: sleep 1
    timeout: 2s
tasks:
  timed:
    timeout: 5m
    flow:
      quick: { action: emit, timeout: 1500ms, input: { value: "q" } }
      slow: { action: slow, depends_on: [quick] }
  hello:
    input:
      name: { type: string, default: World }
      count: { type: integer }
      colour: { type: string, options: [red, blue] }
      loud: { type: boolean, required: true }
    flow:
      greet:
        action: greet
        input: { name: "{{ input.name }}" }
  diamond:
    flow:
      a: { action: emit, input: { value: "start" } }
      b: { action: emit, depends_on: [a], input: { value: "{{ a.output.v }}-b" } }
      c: { action: emit, depends_on: [a], input: { value: "{{ a.output.v }}-c" } }
      d: { action: emit, depends_on: [b, c], input: { value: "{{ b.output.v }}+{{ c.output.v }}" } }
  broken-template:
    flow:
      first: { action: emit, input: { value: "{{ input.missing }}" } }
      after: { action: emit, depends_on: [first], input: { value: x } }
  single:
    flow:
      only: { action: emit, input: { value: "one" } }
secrets:
  token: s3cret
)";

void ServerTest::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = (std::filesystem::temp_directory_path() /
          ("stroem-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
             .string();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_ + "/workspace/.workflows");
  std::ofstream(dir_ + "/workspace/.workflows/test.yaml") << kTestWorkflows;
  db_ = storage::testing::TestDatabase::Create(GetParam());
  if (!db_) GTEST_SKIP() << "STROEM_TEST_PG_URL is not set (run under scripts/with-postgres)";
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.db_url = db_->url();
  config.log_dir = dir_ + "/logs";
  config.workspace_path = dir_ + "/workspace";
  config.worker_token = kToken;
  config.handler_threads = 4;
  Configure(config);
  server_ = std::make_unique<Server>(config);
  auto started = server_->Start();
  ASSERT_TRUE(started) << started.error().message;
  client_ = std::make_unique<TestClient>(server_->port());
}

void ServerTest::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
  db_.reset();
  std::filesystem::remove_all(dir_);
}

std::string ServerTest::Execute(const std::string& task, const std::string& body) {
  TestResponse r = client().Post("/api/tasks/" + task + "/execute", body);
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return "";
  return std::string(boost::json::parse(r.body).at("job_id").as_string());
}

std::string ServerTest::RegisterWorker() {
  TestResponse r =
      client().Worker("/worker/register", R"({"name":"w","capabilities":["shell"]})", kToken);
  EXPECT_EQ(r.status, 200) << r.body;
  return std::string(boost::json::parse(r.body).at("worker_id").as_string());
}

std::string ServerTest::Claim(const std::string& worker_id, int wait_ms) {
  TestResponse r = client().Worker(
      "/worker/jobs/claim",
      R"({"worker_id":")" + worker_id + R"(","wait_ms":)" + std::to_string(wait_ms) + "}", kToken);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.body;
}

}  // namespace stroem::server::testing
