// Runs the `stroem` binary against the real stroem-server and a stroem-worker
// ($STROEM_SERVER_BIN, $STROEM_WORKER_BIN): output formats, exit codes, --wait/--follow,
// --set/--input-file, --json, server error messages.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "api/testing/server_process.h"

namespace stroem::cli {
namespace {

using api::testing::EnvOr;
using api::testing::ProcessResult;
using api::testing::RunProcess;
using api::testing::TempDir;
using api::testing::WriteFile;

std::string ServerBin() {
  return EnvOr("STROEM_SERVER_BIN", STROEM_SERVER_BIN_PATH);
}
std::string WorkerBin() {
  return EnvOr("STROEM_WORKER_BIN", STROEM_WORKER_BIN_PATH);
}
std::string CliBin() {
  return EnvOr("STROEM_CLI_BIN", STROEM_CLI_BIN_PATH);
}

const char* kWorkflows = R"(
actions:
  greet:
    type: shell
    cmd: |
      echo "Hello $STROEM_INPUT_NAME"
    input:
      name: { type: string, required: true }
  fail:
    type: shell
    cmd: |
      echo "about to fail" >&2
      exit 3
  nap:
    type: shell
    cmd: sleep 1000
tasks:
  sleepy:
    flow:
      nap: { action: nap }
  hello:
    input:
      name: { type: string, default: "World" }
      count: { type: integer, default: 1 }
    flow:
      greet:
        action: greet
        input: { name: "{{ input.name }}" }
  broken:
    flow:
      boom:
        action: fail
)";

// One server and one worker for the whole suite: the commands only read or add jobs.
class CliServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (ServerBin().empty() || WorkerBin().empty()) return;
    workspace_ = new TempDir;
    WriteFile(workspace_->path() + "/.workflows/cli.yaml", kWorkflows);
    server_ =
        new api::testing::ServerProcess({ServerBin(), workspace_->path(), "cli-token", 0, {}});
    if (!server_->Start()) return;
    worker_pid_ = api::testing::SpawnProcess(WorkerBin(), {},
                                             {{"STROEM_CONFIG", "\x01"},
                                              {"STROEM__SERVER_URL", server_->url()},
                                              {"STROEM__WORKER_TOKEN", "cli-token"},
                                              {"STROEM__WORKER_NAME", "cli-test"},
                                              {"STROEM__MAX_CONCURRENT", "4"},
                                              {"STROEM__POLL_INTERVAL_SECS", "1"},
                                              {"STROEM__WORKSPACE_DIR", workspace_->path()}},
                                             workspace_->path() + "/worker.out");
  }
  static void TearDownTestSuite() {
    if (worker_pid_ > 0) {
      kill(worker_pid_, SIGTERM);
      api::testing::WaitProcess(worker_pid_);
    }
    delete server_;
    delete workspace_;
  }
  void SetUp() override {
    if (!server_ || !server_->running())
      GTEST_SKIP() << "needs STROEM_SERVER_BIN and STROEM_WORKER_BIN";
  }

  ProcessResult Stroem(std::vector<std::string> args) {
    args.push_back("--server");
    args.push_back(server_->url());
    return RunProcess(CliBin(), args, {{"STROEM_URL", "\x01"}});
  }

  // The job id of "Job created: <id>".
  static std::string JobId(const std::string& out) {
    std::smatch m;
    std::regex re("Job created: ([0-9a-f-]{36})");
    return std::regex_search(out, m, re) ? m[1].str() : "";
  }

  static TempDir* workspace_;
  static api::testing::ServerProcess* server_;
  static pid_t worker_pid_;
};

TempDir* CliServer::workspace_ = nullptr;
api::testing::ServerProcess* CliServer::server_ = nullptr;
pid_t CliServer::worker_pid_ = -1;

TEST_F(CliServer, TasksTableAndJson) {
  ProcessResult r = Stroem({"tasks"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 35), "NAME                           MODE");
  EXPECT_NE(r.out.find("\n" + std::string(45, '-') + "\n"), std::string::npos);
  EXPECT_NE(r.out.find("\nhello                          distributed\n"), std::string::npos)
      << r.out;
  ProcessResult json = Stroem({"tasks", "--json"});
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_NE(json.out.find("\"name\": \"broken\""), std::string::npos) << json.out;
}

TEST_F(CliServer, TriggerWaitCompletedExitsZero) {
  ProcessResult r = Stroem({"trigger", "hello", "--set", "name=CLI", "--wait"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string id = JobId(r.out);
  ASSERT_FALSE(id.empty()) << r.out;
  EXPECT_NE(r.out.find("Job " + id + " completed\n"), std::string::npos) << r.out;
  ProcessResult logs = Stroem({"logs", id});
  EXPECT_EQ(logs.out, "Hello CLI\n");
  EXPECT_EQ(Stroem({"logs", id, "--step", "greet"}).out, "Hello CLI\n");
}

TEST_F(CliServer, TriggerWaitFailedExitsTwoAndStatusShowsTheError) {
  ProcessResult r = Stroem({"trigger", "broken", "--wait"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  std::string id = JobId(r.out);
  EXPECT_NE(r.out.find("Job " + id + " failed\n"), std::string::npos) << r.out;
  ProcessResult status = Stroem({"status", id});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_EQ(status.out.rfind("Job:       " + id +
                                 "\nTask:      broken\nStatus:    failed\n"
                                 "Mode:      distributed\nCreated:   ",
                             0),
            0u)
      << status.out;
  EXPECT_NE(
      status.out.find("\n\nSteps:\n  boom                 failed       (action: fail)  ERROR: "),
      std::string::npos)
      << status.out;
}

TEST_F(CliServer, FollowStreamsTheLogWhileWaiting) {
  ProcessResult r = Stroem({"trigger", "hello", "--input", R"({"name":"Follow"})", "--follow"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string id = JobId(r.out);
  EXPECT_EQ(r.out, "Job created: " + id + "\nHello Follow\nJob " + id + " completed\n");
  ProcessResult again = Stroem({"logs", id, "--follow"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "Hello Follow\n");
}

TEST_F(CliServer, InputFileAndSetReachTheJob) {
  std::string file = workspace_->path() + "/input.json";
  WriteFile(file, R"({"name": "File", "count": 1})");
  ProcessResult r =
      Stroem({"trigger", "hello", "--input-file", file, "--set", "count=7", "--wait"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ProcessResult json = Stroem({"status", JobId(r.out), "--json"});
  EXPECT_NE(json.out.find("\"count\": 7"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"name\": \"File\""), std::string::npos) << json.out;
}

TEST_F(CliServer, JobsTableAndJson) {
  std::string id = JobId(Stroem({"trigger", "hello"}).out);
  ProcessResult r = Stroem({"jobs", "--limit", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind(
                "JOB ID                               TASK                 STATUS       CREATED\n" +
                    std::string(85, '-') + "\n" + id + " hello                ",
                0),
            0u)
      << r.out;
  ProcessResult json = Stroem({"jobs", "--limit", "1", "--json"});
  EXPECT_NE(json.out.find("\"job_id\": \"" + id + "\""), std::string::npos) << json.out;
}

TEST_F(CliServer, ServerErrorsShowTheServersMessage) {
  ProcessResult r = Stroem({"trigger", "no-such-task"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("Error: Server returned 404: ", 0), 0u) << r.err;
  ProcessResult bad = Stroem({"status", "not-a-uuid"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err.rfind("Error: Server returned 4", 0), 0u) << bad.err;
}

TEST_F(CliServer, CancelEndsTheJobOnceThenReportsTheConflict) {
  std::string id = JobId(Stroem({"trigger", "sleepy"}).out);
  ASSERT_FALSE(id.empty());
  ProcessResult r = Stroem({"cancel", id});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Job " + id + " cancelled\n");
  EXPECT_NE(Stroem({"status", id}).out.find("Status:    cancelled\n"), std::string::npos);
  ProcessResult again = Stroem({"cancel", id});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "Error: Server returned 409: job is already cancelled\n");
}

TEST_F(CliServer, WorkersListsTheWorker) {
  ProcessResult r;
  api::testing::WaitUntil([&] {  // the worker registers once it has started
    r = Stroem({"workers"});
    return r.out.find(" cli-test ") != std::string::npos;
  });
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(" cli-test "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace stroem::cli
