#include "api/public_api.h"

#include <gtest/gtest.h>

namespace stroem::api {
namespace {

TEST(PublicApi, TaskList) {
  auto r = ParseTaskList(R"([{"name":"hello-world","mode":"distributed"}])");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].name, "hello-world");
  EXPECT_EQ((*r)[0].mode, "distributed");
  EXPECT_FALSE(ParseTaskList(R"({"name":"x"})"));
}

TEST(PublicApi, JobListArrayOrItemsPage) {
  const char* item =
      R"({"job_id":"j","workspace":"default","task_name":"t","mode":"distributed",)"
      R"("status":"running","source_type":"api","source_id":null,)"
      R"("created_at":"2026-01-01T00:00:00Z","started_at":null,"completed_at":null})";
  auto bare = ParseJobList(std::string("[") + item + "]");
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_EQ((*bare)[0].status, "running");
  EXPECT_EQ((*bare)[0].started_at, "");
  auto page = ParseJobList(std::string(R"({"items":[)") + item + "]}");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ((*page)[0].job_id, "j");
}

TEST(PublicApi, JobDetailWithSteps) {
  auto r = ParseJobDetail(R"({"job_id":"j","task_name":"t","mode":"distributed",
      "status":"failed","input":{"a":1},"output":null,"created_at":"c",
      "steps":[{"step_name":"s1","action_name":"a1","action_type":"shell","status":"failed",
                "worker_id":null,"error_message":"boom","exit_code":1,"attempt":1},
               {"step_name":"s2","action_name":"a2","status":"skipped"}]})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->job.status, "failed");
  EXPECT_EQ(r->input_json, R"({"a":1})");
  ASSERT_EQ(r->steps.size(), 2u);
  EXPECT_EQ(r->steps[0].error_message, "boom");
  EXPECT_FALSE(r->steps[1].error_message);
}

TEST(PublicApi, WrongFieldTypeIsAnError) {
  auto r = ParseJobDetail(R"({"job_id":1})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "job: field 'job_id' must be a string or null");
}

TEST(PublicApi, EventsAndSmallResponses) {
  auto e = ParseLogEvent(R"({"ts":"t","stream":"stderr","step":"s","line":"x"})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->stream, "stderr");
  EXPECT_EQ(*ParseEndEvent(R"({"status":"completed"})"), "completed");
  EXPECT_EQ(*ParseExecuteResponse(R"({"job_id":"abc"})"), "abc");
  EXPECT_EQ(*ParseLogsResponse(R"({"logs":"a\nb\n"})"), "a\nb\n");
  EXPECT_EQ(ExecuteRequestJson(R"({"x":1})"), R"({"input":{"x":1}})");
  EXPECT_TRUE(IsTerminalJobStatus("cancelled"));
  EXPECT_FALSE(IsTerminalJobStatus("running"));
}

TEST(PublicApi, WorkerList) {
  auto r = ParseWorkerList(R"([{"worker_id":"w","name":"n","capabilities":["shell"],)"
                           R"("status":"active","last_heartbeat":"t","registered_at":"t"}])");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)[0].capabilities, std::vector<std::string>{"shell"});
}

TEST(PublicApi, PrettyJson) {
  EXPECT_EQ(PrettyJson(R"({"a":[1,{}],"b":"x"})"),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": \"x\"\n}");
  EXPECT_EQ(PrettyJson("[]"), "[]");
}

}  // namespace
}  // namespace stroem::api
