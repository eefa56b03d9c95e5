// The fixture of the worker integration suites: the real stroem-server ($STROEM_SERVER_BIN)
// on a free port with SQLite in a temp dir, and a Worker in this process. Included only by the
// stroem_worker_integration_test target (it needs the binary paths CMake compiles in).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "api/public_api.h"
#include "api/public_client.h"
#include "api/testing/server_process.h"
#include "worker/worker.h"

namespace stroem::worker::testing {

namespace json = boost::json;
using api::testing::ServerProcess;
using api::testing::TempDir;
using api::testing::WaitUntil;
using api::testing::WriteFile;

// Set by CMake; the environment may point elsewhere.
inline std::string ServerBin() {
  return api::testing::EnvOr("STROEM_SERVER_BIN", STROEM_SERVER_BIN_PATH);
}
inline std::string WorkerBin() {
  return api::testing::EnvOr("STROEM_WORKER_BIN", STROEM_WORKER_BIN_PATH);
}

// A workspace with the suite's Workflows(), a real server, and an in-process Worker.
class IntegrationFixture : public ::testing::Test {
 protected:
  virtual std::string Workflows() const = 0;

  void SetUp() override {
    if (ServerBin().empty()) GTEST_SKIP() << "no stroem-server binary";
    WriteFile(workspace_.path() + "/.workflows/test.yaml", Workflows());
  }

  // `env`: more STROEM__* settings for the server.
  void StartServer(int lease_seconds = 0, std::map<std::string, std::string> env = {}) {
    server_ = std::make_unique<ServerProcess>(api::testing::ServerProcessOptions{
        ServerBin(), workspace_.path(), kToken, lease_seconds, std::move(env)});
    auto started = server_->Start();
    ASSERT_TRUE(started) << started.error().message;
    client_ = std::make_unique<api::PublicClient>(server_->url());
  }

  WorkerConfig Config(int max_concurrent = 4) {
    WorkerConfig c;
    c.server_url = server_->url();
    c.worker_token = kToken;
    c.worker_name = "test-worker";
    c.max_concurrent = max_concurrent;
    c.poll_interval_secs = 0;
    c.workspace_dir = scratch_.path() + "/ws";
    c.log_spool_dir = scratch_.path() + "/spool";
    c.claim_wait_ms = 5000;
    c.shutdown_grace_secs = 5;
    return c;
  }

  void StartWorker(WorkerConfig config) {
    WorkerOptions options;
    options.log = [](const std::string&) {};
    worker_ = std::make_unique<Worker>(std::move(config), options);
    worker_thread_ = std::thread([this] { run_result_ = worker_->Run(); });
  }

  void TearDown() override {
    if (worker_) {
      worker_->Stop();
      worker_thread_.join();
      EXPECT_TRUE(run_result_) << run_result_.error().message;
    }
  }

  std::string Trigger(const std::string& task, const std::string& input) {
    auto body = client_->Post("/api/tasks/" + task + "/execute", api::ExecuteRequestJson(input));
    EXPECT_TRUE(body) << body.error().message;
    return body ? *api::ParseExecuteResponse(*body) : "";
  }

  json::object Job(const std::string& id) {
    auto body = client_->Get("/api/jobs/" + id);
    if (!body) return {};
    return json::parse(*body).as_object();
  }

  std::string Status(const std::string& id) {
    json::object job = Job(id);
    return job.contains("status") ? std::string(job.at("status").as_string()) : "";
  }

  // Waits for a terminal status and returns it.
  std::string Finish(const std::string& id) {
    WaitUntil([&] { return api::IsTerminalJobStatus(Status(id)); }, std::chrono::seconds(60));
    return Status(id);
  }

  std::string Logs(const std::string& id, const std::string& step = "") {
    auto body = client_->Get("/api/jobs/" + id + "/logs" + (step.empty() ? "" : "?step=" + step));
    return body ? *api::ParseLogsResponse(*body) : "<" + body.error().message + ">";
  }

  json::object Step(const std::string& id, const std::string& name) {
    json::object job = Job(id);
    if (!job.contains("steps")) return {};
    for (const json::value& s : job["steps"].as_array())
      if (s.at("step_name") == name.c_str()) return s.as_object();
    return {};
  }

  std::string GateInput(const std::string& gate, int lines = 1) {
    return json::serialize(json::object{{"gate", gate}, {"lines", lines}});
  }

  static constexpr const char* kToken = "test-worker-token";
  TempDir workspace_, scratch_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<api::PublicClient> client_;
  std::unique_ptr<Worker> worker_;
  std::thread worker_thread_;
  Result<void> run_result_;
};

}  // namespace stroem::worker::testing
