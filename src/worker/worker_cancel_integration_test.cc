// Timeouts and cancellation end to end: the real server, a Worker in this process, and
// steps that run `sleep 1000` in the background of their shell. Each step writes the
// sleep's pid to a file once it started; the test waits for that file (not for time) and
// then checks that the whole process group is gone.
#include <signal.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "worker/testing/integration_fixture.h"

namespace stroem::worker {
namespace {

namespace json = boost::json;
using api::testing::ReadFile;
using api::testing::WaitUntil;

const char* kWorkflows = R"(
actions:
  sleeper:
    type: shell
    cmd: |
      sleep 1000 &
      echo $! > "$STROEM_INPUT_PIDFILE.tmp"
      mv "$STROEM_INPUT_PIDFILE.tmp" "$STROEM_INPUT_PIDFILE"
      echo started
      wait
    input:
      pidfile: { type: string, required: true }
tasks:
  step-timeout:
    input:
      pidfile: { type: string, required: true }
    flow:
      nap:
        action: sleeper
        timeout: 1s
        input: { pidfile: "{{ input.pidfile }}" }
  forever:
    input:
      pidfile: { type: string, required: true }
    flow:
      nap:
        action: sleeper
        input: { pidfile: "{{ input.pidfile }}" }
      after:
        action: sleeper
        depends_on: [nap]
        input: { pidfile: "{{ input.pidfile }}.after" }
  task-timeout:
    timeout: 1s
    input:
      pidfile: { type: string, required: true }
    flow:
      nap:
        action: sleeper
        input: { pidfile: "{{ input.pidfile }}" }
)";

// Gone: no such process, or a zombie nobody reaped yet (it runs nothing).
bool ProcessGone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  size_t paren = line.rfind(')');
  return paren == std::string::npos || line.substr(paren + 2, 1) == "Z";
}

class WorkerCancel : public testing::IntegrationFixture {
 protected:
  std::string Workflows() const override { return kWorkflows; }

  void SetUp() override {
    IntegrationFixture::SetUp();
    if (IsSkipped()) return;
    // The deadline sweep runs every second, so the task timeout is enforced promptly.
    StartServer(0, {{"STROEM__SWEEP_INTERVAL_SECS", "1"}});
    StartWorker(Config());
  }

  std::string PidFile() const { return scratch_.path() + "/sleep.pid"; }

  std::string Start(const std::string& task) {
    return Trigger(task, json::serialize(json::object{{"pidfile", PidFile()}}));
  }

  // The pid of the step's `sleep`, once the step has started it.
  pid_t SleepPid() {
    EXPECT_TRUE(WaitUntil([&] { return std::filesystem::exists(PidFile()); }));
    return static_cast<pid_t>(std::stol("0" + ReadFile(PidFile())));
  }

  void ExpectGone(pid_t pid) {
    ASSERT_GT(pid, 0);
    EXPECT_TRUE(WaitUntil([&] { return ProcessGone(pid); })) << "sleep " << pid << " survived";
    EXPECT_TRUE(WaitUntil([&] { return worker_->running() == 0; }));
  }
};

TEST_F(WorkerCancel, AStepPastItsTimeoutIsKilledAndFails) {
  std::string job = Start("step-timeout");
  pid_t pid = SleepPid();
  ASSERT_EQ(Finish(job), "failed") << json::serialize(Job(job));
  json::object step = Step(job, "nap");
  EXPECT_EQ(step["status"], "failed");
  EXPECT_EQ(step["error_message"], "timed out after 1s");
  EXPECT_EQ(step["timeout_ms"], 1000);
  ExpectGone(pid);
}

TEST_F(WorkerCancel, CancellingAJobKillsItsRunningStep) {
  std::string job = Start("forever");
  pid_t pid = SleepPid();
  auto cancelled = client_->Post("/api/jobs/" + job + "/cancel", "{}");
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_EQ(json::parse(*cancelled).at("status"), "cancelled");
  EXPECT_EQ(Status(job), "cancelled");
  ExpectGone(pid);
  EXPECT_EQ(Step(job, "nap")["status"], "cancelled");
  EXPECT_EQ(Step(job, "after")["status"], "cancelled");
  EXPECT_EQ(Logs(job, "nap"), "started\n");  // the output up to the kill is kept
  EXPECT_EQ(Status(job), "cancelled");       // the worker's late result changed nothing
  auto again = client_->Post("/api/jobs/" + job + "/cancel", "{}");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().message, "Server returned 409: job is already cancelled");
}

TEST_F(WorkerCancel, ATaskPastItsTimeoutFailsWithItsStepCancelled) {
  std::string job = Start("task-timeout");
  pid_t pid = SleepPid();
  ASSERT_EQ(Finish(job), "failed") << json::serialize(Job(job));
  json::object step = Step(job, "nap");
  EXPECT_EQ(step["status"], "cancelled");
  EXPECT_EQ(step["error_message"], "task timed out after 1s");
  EXPECT_EQ(Job(job)["timeout_ms"], 1000);
  ExpectGone(pid);
}

}  // namespace
}  // namespace stroem::worker
