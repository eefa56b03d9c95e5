// The seed README's quickstart, through HTTP (its curl commands) and through the CLI,
// and the input rules of job creation: defaults apply, required inputs are enforced.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cluster_test.h"

namespace stroem::e2e {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

template <typename Shape>
class E2eQuickstart : public ClusterTest<Shape> {};
TYPED_TEST_SUITE(E2eQuickstart, ClusterShapes, ClusterShapeNames);

bool ListsTask(const json::value& tasks, const std::string& name) {
  if (!tasks.is_array()) return false;
  for (const json::value& t : tasks.get_array())
    if (t.at("name").as_string() == name) return t.at("mode").as_string() == "distributed";
  return false;
}

// The job id in the CLI's "Job created: <id>" line.
std::string CreatedJobId(const std::string& out) {
  const std::string prefix = "Job created: ";
  size_t at = out.find(prefix);
  if (at == std::string::npos) return "";
  return out.substr(at + prefix.size(), 36);
}

// The curl commands of the seed README, one by one.
TYPED_TEST(E2eQuickstart, SeedQuickstartThroughHttp) {
  Cluster& c = this->cluster();
  HttpReply tasks = c.Get("/api/tasks");
  ASSERT_EQ(tasks.status, 200) << tasks.body;
  EXPECT_TRUE(ListsTask(tasks.Json(), "hello-world")) << tasks.body;

  HttpReply created = c.Post("/api/tasks/hello-world/execute", R"({"input": {"name": "World"}})");
  ASSERT_EQ(created.status, 200) << created.body;
  std::string id(created.Json().at("job_id").as_string());

  json::value job = c.WaitForJob(id);
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job) << c.Output();
  EXPECT_EQ(job.at("task_name").as_string(), "hello-world");
  EXPECT_EQ(job.at("workspace").as_string(), "default");
  EXPECT_TRUE(job.at("started_at").is_string());
  EXPECT_TRUE(job.at("completed_at").is_string());
  EXPECT_EQ(StepStatus(job, "say-hello"), "completed");
  EXPECT_EQ(StepStatus(job, "shout-it"), "completed");
  EXPECT_EQ(StepField(job, "say-hello", "output"), json::parse(R"({"greeting": "Hello World"})"));

  std::string logs = c.Logs(id);
  EXPECT_THAT(logs, HasSubstr("Hello World\n"));
  EXPECT_THAT(logs, HasSubstr("HELLO WORLD\n"));
}

TYPED_TEST(E2eQuickstart, SeedQuickstartThroughCli) {
  Cluster& c = this->cluster();
  RunResult tasks = c.Cli({"tasks"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  EXPECT_THAT(tasks.out, HasSubstr("NAME"));
  EXPECT_THAT(tasks.out, ::testing::ContainsRegex("hello-world +distributed"));

  RunResult trigger = c.Cli({"trigger", "hello-world", "--input", R"({"name": "CLI"})"});
  ASSERT_EQ(trigger.exit_code, 0) << trigger.err;
  std::string id = CreatedJobId(trigger.out);
  ASSERT_EQ(id.size(), 36u) << trigger.out;
  ASSERT_EQ(StatusOf(c.WaitForJob(id)), "completed") << c.Output();

  RunResult status = c.Cli({"status", id});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("Task:      hello-world"));
  EXPECT_THAT(status.out, ::testing::ContainsRegex("Status: +completed"));
  EXPECT_THAT(status.out, ::testing::ContainsRegex("say-hello +completed"));
  EXPECT_THAT(status.out, ::testing::ContainsRegex("shout-it +completed"));

  RunResult logs = c.Cli({"logs", id});
  ASSERT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_THAT(logs.out, HasSubstr("Hello CLI\n"));
  EXPECT_THAT(logs.out, HasSubstr("HELLO CLI\n"));

  RunResult jobs = c.Cli({"jobs", "--limit", "10"});
  ASSERT_EQ(jobs.exit_code, 0) << jobs.err;
  EXPECT_THAT(jobs.out, ::testing::ContainsRegex(id + " +hello-world +completed"));
}

TYPED_TEST(E2eQuickstart, CliTriggerWaitReportsTheOutcome) {
  Cluster& c = this->cluster();
  RunResult ok = c.Cli({"trigger", "hello-world", "--set", "name=Wait", "--wait"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_THAT(ok.out, ::testing::ContainsRegex("Job [0-9a-f-]{36} completed"));

  RunResult failed = c.Cli({"trigger", "failure-demo", "--wait"});
  EXPECT_EQ(failed.exit_code, 2) << failed.out << failed.err;
  EXPECT_THAT(failed.out, ::testing::ContainsRegex("Job [0-9a-f-]{36} failed"));

  RunResult followed = c.Cli({"trigger", "hello-world", "--set", "name=Follow", "--follow"});
  EXPECT_EQ(followed.exit_code, 0) << followed.out << followed.err;
  EXPECT_THAT(followed.out, HasSubstr("HELLO FOLLOW"));
}

TYPED_TEST(E2eQuickstart, TaskDefaultsApplyWhenInputsAreAbsent) {
  Cluster& c = this->cluster();
  json::value job = c.WaitForJob(c.Trigger("e2e-defaults", {{"name", "x"}}));
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job);
  EXPECT_EQ(StepField(job, "show", "output"),
            json::parse(R"({"greeting": "hej", "count": 3, "loud": false})"));

  job = c.WaitForJob(c.Trigger(
      "e2e-defaults", {{"name", "x"}, {"greeting", "hallo"}, {"count", 5}, {"loud", true}}));
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job);
  EXPECT_EQ(StepField(job, "show", "output"),
            json::parse(R"({"greeting": "hallo", "count": 5, "loud": true})"));

  // The seed's hello-world defaults its name to "World".
  std::string id = c.Trigger("hello-world");
  ASSERT_EQ(StatusOf(c.WaitForJob(id)), "completed");
  EXPECT_THAT(c.Logs(id), HasSubstr("HELLO WORLD"));
}

size_t JobCount(Cluster& c, const std::string& task) {
  json::value jobs = c.Get("/api/jobs?limit=1000&task=" + task).Json();
  return jobs.is_array() ? jobs.get_array().size() : 0;
}

TYPED_TEST(E2eQuickstart, MissingRequiredInputIsRefused) {
  Cluster& c = this->cluster();
  const size_t jobs_before = JobCount(c, "e2e-defaults");
  HttpReply r = c.Post("/api/tasks/e2e-defaults/execute", R"({"input": {"greeting": "hi"}})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(r.Error(), HasSubstr("name"));

  RunResult cli = c.Cli({"trigger", "e2e-defaults"});
  EXPECT_EQ(cli.exit_code, 1) << cli.out;
  EXPECT_THAT(cli.err, HasSubstr("Error: Server returned 400"));
  EXPECT_THAT(cli.err, HasSubstr("name"));

  // Nothing was created for the refused requests.
  EXPECT_EQ(JobCount(c, "e2e-defaults"), jobs_before);
}

}  // namespace
}  // namespace stroem::e2e
