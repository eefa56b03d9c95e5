// The worker against the real stroem-server ($STROEM_SERVER_BIN) on a free port with SQLite
// in a temp dir: full step lifecycle, max_concurrent, server restart mid-step, lease
// extension by heartbeats, SIGTERM drain of the stroem-worker binary ($STROEM_WORKER_BIN).
// Steps wait for "gate" files the test creates, so nothing depends on timing.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "worker/testing/integration_fixture.h"

namespace stroem::worker {
namespace {

namespace json = boost::json;
using api::testing::ReadFile;
using api::testing::WaitUntil;
using api::testing::WriteFile;
using testing::WorkerBin;

const char* kWorkflows = R"(
actions:
  greet:
    type: shell
    cmd: |
      echo "Hello $STROEM_INPUT_NAME"
      echo "to stderr" >&2
      echo "OUTPUT: {\"greeting\": \"Hello $STROEM_INPUT_NAME\"}"
    input:
      name: { type: string, required: true }
  shout:
    type: shell
    cmd: echo "$STROEM_INPUT_MESSAGE" | tr '[:lower:]' '[:upper:]'
    input:
      message: { type: string, required: true }
  gated:
    type: shell
    cmd: |
      echo "before"
      while [ ! -e "$STROEM_INPUT_GATE" ]; do sleep 0.02; done
      for i in $(seq 1 $STROEM_INPUT_LINES); do echo "after $i"; done
      echo "OUTPUT: {\"done\": true}"
      touch "$STROEM_INPUT_GATE.finished"
    input:
      gate: { type: string, required: true }
      lines: { type: integer, default: 1 }
  count:
    type: shell
    cmd: seq 1 2000
  nap:
    type: shell
    cmd: sleep {{ input.seconds | int }}; echo rested
    input:
      seconds: { type: integer, required: true }
tasks:
  count:
    flow:
      count:
        action: count
  hello:
    input:
      name: { type: string, default: "World" }
    flow:
      say-hello:
        action: greet
        input: { name: "{{ input.name }}" }
      shout-it:
        action: shout
        depends_on: [say-hello]
        input: { message: "{{ say_hello.output.greeting }}" }
  gate:
    input:
      gate: { type: string, required: true }
      lines: { type: integer, default: 1 }
    flow:
      wait:
        action: gated
        input: { gate: "{{ input.gate }}", lines: "{{ input.lines }}" }
  nap:
    input:
      seconds: { type: integer, required: true }
    flow:
      sleep:
        action: nap
        input: { seconds: "{{ input.seconds }}" }
)";

class WorkerIntegration : public testing::IntegrationFixture {
 protected:
  std::string Workflows() const override { return kWorkflows; }
};

TEST_F(WorkerIntegration, FullStepLifecyclePassesOutputsToDependents) {
  StartServer();
  StartWorker(Config());
  std::string job = Trigger("hello", R"({"name":"Strøm"})");
  ASSERT_EQ(Finish(job), "completed") << json::serialize(Job(job));
  // stdout and stderr are separate pipes: their relative order is not defined.
  std::string hello_log = Logs(job, "say-hello");
  EXPECT_EQ(hello_log.find("Hello Strøm\n"), 0u) << hello_log;
  EXPECT_NE(hello_log.find("OUTPUT: {\"greeting\": \"Hello Strøm\"}\n"), std::string::npos)
      << hello_log;
  EXPECT_NE(hello_log.find("to stderr\n"), std::string::npos) << hello_log;
  EXPECT_EQ(Logs(job, "shout-it").substr(0, 9), "HELLO STR");  // ø depends on the locale
  json::object hello = Step(job, "say-hello");
  EXPECT_EQ(json::serialize(hello["output"]), R"({"greeting":"Hello Strøm"})");
  EXPECT_EQ(hello["exit_code"], 0);
  EXPECT_EQ(hello["attempt"], 1);
  EXPECT_EQ(worker_->running(), 0);
}

TEST_F(WorkerIntegration, RunsAtMostMaxConcurrentSteps) {
  StartServer();
  StartWorker(Config(/*max_concurrent=*/2));
  std::string gate = scratch_.path() + "/gate";
  std::vector<std::string> jobs;
  for (int i = 0; i < 3; ++i) jobs.push_back(Trigger("gate", GateInput(gate)));
  ASSERT_TRUE(WaitUntil([&] { return worker_->running() == 2; }));
  int running_jobs = 0;
  for (const auto& j : jobs) running_jobs += Status(j) == "running";
  EXPECT_EQ(running_jobs, 2);
  EXPECT_EQ(worker_->running(), 2);
  WriteFile(gate, "");
  for (const auto& j : jobs) EXPECT_EQ(Finish(j), "completed");
}

TEST_F(WorkerIntegration, AResultAsksForTheNextStepOnlyWhileTheWorkerIsNotStopping) {
  StartServer();
  StartWorker(Config(/*max_concurrent=*/1));
  std::string first_gate = scratch_.path() + "/first", second_gate = scratch_.path() + "/second";
  std::string first = Trigger("gate", GateInput(first_gate));
  std::string second = Trigger("gate", GateInput(second_gate));
  ASSERT_TRUE(WaitUntil([&] { return Status(first) == "running"; }));
  WriteFile(first_gate, "");  // the first result brings the second step with it
  ASSERT_EQ(Finish(first), "completed");
  ASSERT_TRUE(WaitUntil([&] { return Status(second) == "running"; }));
  std::string third = Trigger("gate", GateInput(first_gate));  // its gate is open already
  worker_->Stop();  // drains: the running step finishes, its result asks for nothing more
  WriteFile(second_gate, "");
  worker_thread_.join();
  ASSERT_TRUE(run_result_) << run_result_.error().message;
  worker_.reset();
  EXPECT_EQ(Status(second), "completed");
  EXPECT_EQ(Status(third), "pending");
}

TEST_F(WorkerIntegration, LastLinesTooBigForTheResultsBodyLimitAreSentOnTheirOwn) {
  StartServer(0, {{"STROEM__HTTP__MAX_BODY_BYTES", "4096"}});
  StartWorker(Config());
  // 8.9 KB printed at once: kept for the result, which the server then refuses (413).
  std::string job = Trigger("count", "{}");
  ASSERT_EQ(Finish(job), "completed") << json::serialize(Job(job));
  std::string expected;
  for (int i = 1; i <= 2000; ++i) expected += std::to_string(i) + "\n";
  EXPECT_EQ(Logs(job), expected);
}

TEST_F(WorkerIntegration, ServerRestartMidStepLosesNothingAndReportsOnce) {
  StartServer();
  StartWorker(Config());
  std::string gate = scratch_.path() + "/gate";
  std::string job = Trigger("gate", GateInput(gate, 2000));
  ASSERT_TRUE(WaitUntil([&] { return Logs(job) == "before\n"; })) << Logs(job);
  server_->Kill();
  WriteFile(gate, "");  // the step now prints 2000 lines and ends while the server is down
  ASSERT_TRUE(WaitUntil([&] { return std::filesystem::exists(gate + ".finished"); }));
  auto restarted = server_->Start();
  ASSERT_TRUE(restarted) << restarted.error().message;
  ASSERT_EQ(Finish(job), "completed") << server_->Output();
  std::string expected = "before\n";
  for (int i = 1; i <= 2000; ++i) expected += "after " + std::to_string(i) + "\n";
  expected += "OUTPUT: {\"done\": true}\n";
  std::string logs = Logs(job);
  EXPECT_TRUE(logs == expected) << "log of " << logs.size() << " bytes, expected "
                                << expected.size() << "; ends with: "
                                << logs.substr(logs.size() > 200 ? logs.size() - 200 : 0);
  json::object step = Step(job, "wait");
  EXPECT_EQ(step["attempt"], 1);
  EXPECT_EQ(json::serialize(step["output"]), R"({"done":true})");
}

TEST_F(WorkerIntegration, HeartbeatsKeepALeaseShorterThanTheStep) {
  StartServer(/*lease_seconds=*/2);
  StartWorker(Config());
  std::string job = Trigger("nap", R"({"seconds":5})");
  ASSERT_EQ(Finish(job), "completed") << json::serialize(Job(job));
  EXPECT_EQ(Step(job, "sleep")["attempt"], 1);
  EXPECT_EQ(Logs(job), "rested\n");
}

class WorkerBinary : public WorkerIntegration {
 protected:
  pid_t SpawnWorker(int grace_secs) {
    std::string binary = WorkerBin();
    WorkerConfig c = Config();
    return api::testing::SpawnProcess(binary, {},
                                      {{"STROEM_CONFIG", scratch_.path() + "/none.yaml"},
                                       {"STROEM__SERVER_URL", c.server_url},
                                       {"STROEM__WORKER_TOKEN", kToken},
                                       {"STROEM__WORKER_NAME", "binary"},
                                       {"STROEM__MAX_CONCURRENT", "2"},
                                       {"STROEM__POLL_INTERVAL_SECS", "1"},
                                       {"STROEM__WORKSPACE_DIR", c.workspace_dir},
                                       {"STROEM__SHUTDOWN_GRACE_SECS", std::to_string(grace_secs)}},
                                      scratch_.path() + "/worker.out");
  }
};

TEST_F(WorkerBinary, SigtermLetsRunningStepsFinish) {
  StartServer();
  WriteFile(scratch_.path() + "/none.yaml", "");
  pid_t pid = SpawnWorker(/*grace_secs=*/30);
  std::string gate = scratch_.path() + "/gate";
  std::string job = Trigger("gate", GateInput(gate));
  ASSERT_TRUE(WaitUntil([&] { return Logs(job) == "before\n"; }))
      << ReadFile(scratch_.path() + "/worker.out");
  kill(pid, SIGTERM);
  WriteFile(gate, "");
  EXPECT_EQ(api::testing::WaitProcess(pid), 0) << ReadFile(scratch_.path() + "/worker.out");
  EXPECT_EQ(Status(job), "completed");
  EXPECT_EQ(Logs(job), "before\nafter 1\nOUTPUT: {\"done\": true}\n");
}

TEST_F(WorkerBinary, SigtermCancelsStepsAfterTheGracePeriodAndReportsThem) {
  StartServer();
  WriteFile(scratch_.path() + "/none.yaml", "");
  pid_t pid = SpawnWorker(/*grace_secs=*/0);
  std::string job = Trigger("gate", GateInput(scratch_.path() + "/never"));
  ASSERT_TRUE(WaitUntil([&] { return Logs(job) == "before\n"; }))
      << ReadFile(scratch_.path() + "/worker.out");
  kill(pid, SIGTERM);
  EXPECT_EQ(api::testing::WaitProcess(pid), 0) << ReadFile(scratch_.path() + "/worker.out");
  EXPECT_EQ(Status(job), "failed");
  json::object step = Step(job, "wait");
  EXPECT_NE(json::serialize(step["error_message"]).find("cancel"), std::string::npos)
      << json::serialize(step);
}

}  // namespace
}  // namespace stroem::worker
