#include "api/worker_api.h"

#include <gtest/gtest.h>

namespace stroem::api {
namespace {

TEST(WorkerApi, ClaimNothingIsNullopt) {
  auto r =
      ParseClaimResponse(R"({"job_id":null,"step_name":null,"action_name":null,"action_type":null,)"
                         R"("action_image":null,"action_spec":null,"input":null,"attempt":null})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->has_value());
}

TEST(WorkerApi, ClaimParsesSpecInputAndAttempt) {
  auto r = ParseClaimResponse(R"({
    "job_id":"j1","step_name":"say-hello","action_name":"greet","action_type":"shell",
    "action_image":null,
    "action_spec":{"type":"shell","cmd":"echo hi","env":{"A":"1","B":"two"}},
    "input":{"name":"World","count":3,"flag":true},
    "attempt":2,"task_name":"hello-world","workspace":"default",
    "lease_expires_at":"2026-01-01T00:00:00Z","lease_seconds":60})");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->has_value());
  const ClaimedStep& s = **r;
  EXPECT_EQ(s.job_id, "j1");
  EXPECT_EQ(s.step_name, "say-hello");
  EXPECT_EQ(s.task_name, "hello-world");
  EXPECT_EQ(s.cmd, "echo hi");
  EXPECT_FALSE(s.script);
  ASSERT_EQ(s.env.size(), 2u);
  EXPECT_EQ(s.env[1], (std::pair<std::string, std::string>{"B", "two"}));
  ASSERT_EQ(s.inputs.size(), 3u);
  EXPECT_EQ(s.inputs[0].second, "World");
  EXPECT_EQ(s.inputs[1].second, "3");
  EXPECT_EQ(s.inputs[2].second, "true");
  EXPECT_EQ(s.attempt_json, "2");
  EXPECT_EQ(s.lease_seconds, 60);
}

TEST(WorkerApi, ClaimResponsesIncludeTheStepsInMore) {
  auto r = ParseClaimResponses(
      R"({"job_id":"j","step_name":"a","action_name":"x","action_spec":{"cmd":"true"},"input":{},)"
      R"("attempt":"1","more":[{"job_id":"j","step_name":"b","action_name":"x",)"
      R"("action_spec":{"cmd":"true"},"input":{},"attempt":"2"}]})");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].step_name, "b");
  auto none = ParseClaimResponses(R"({"job_id":null,"more":[]})");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(ParseClaimResponses(R"({"job_id":"j","step_name":"a","action_name":"x",)"
                                   R"("action_spec":{},"input":{},"attempt":"1","more":[3]})"));
  EXPECT_EQ(ClaimRequestJson("w", {"shell"}, 0, 4), R"({"worker_id":"w","capabilities":["shell"],"max_steps":4})");
}

TEST(WorkerApi, StringAttemptIsEchoedVerbatim) {
  auto r = ParseClaimResponse(
      R"({"job_id":"j","step_name":"s","action_name":"a","action_spec":{"script":"x.sh"},)"
      R"("input":{},"attempt":"3f1c"})");
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->attempt_json, "\"3f1c\"");
  EXPECT_EQ((*r)->script, "x.sh");
  EXPECT_EQ(StartRequestJson("w", (*r)->attempt_json), R"({"worker_id":"w","attempt":"3f1c"})");
}

TEST(WorkerApi, ClaimWithWrongTypesNamesTheField) {
  auto r = ParseClaimResponse(R"({"job_id":"j","step_name":5,"action_name":"a"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "claim response: field 'step_name' must be a string");
  auto env = ParseClaimResponse(
      R"({"job_id":"j","step_name":"s","action_name":"a","action_spec":{"env":[1]}})");
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().message.find("'env' must be an object"), std::string::npos);
  EXPECT_FALSE(ParseClaimResponse("not json"));
}

TEST(WorkerApi, LogChunkRoundTrip) {
  LogChunk chunk{"build",
                 "1",
                 7,
                 {{"2026-01-01T00:00:00.000001Z", "stdout", "a \"q\"\n\x01"},
                  {"2026-01-01T00:00:01Z", "stderr", "é"}}};
  std::string text = LogChunkJson(chunk);
  auto back = ParseLogChunk(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->step, "build");
  EXPECT_EQ(back->attempt_json, "1");
  EXPECT_EQ(back->seq, 7);
  ASSERT_EQ(back->lines.size(), 2u);
  EXPECT_EQ(back->lines[0].line, "a \"q\"\n\x01");
  EXPECT_EQ(back->lines[1].stream, "stderr");
}

TEST(WorkerApi, EncodedLineSizeBoundsTheRealEncoding) {
  WireLogLine line{"2026-01-01T00:00:00.000001Z", "stdout", "tab\there \"quoted\" \x02 done"};
  LogChunk one{"s", "1", 0, {line}};
  LogChunk none{"s", "1", 0, {}};
  EXPECT_GE(EncodedLineSize(line), LogChunkJson(one).size() - LogChunkJson(none).size());
}

TEST(WorkerApi, StepResultRoundTrip) {
  StepResult r{"4", 1, std::string(R"({"a":[1,2]})"), std::string("Exit code: 1")};
  auto back = ParseStepResult(StepResultJson(r));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->attempt_json, "4");
  EXPECT_EQ(back->exit_code, 1);
  EXPECT_EQ(back->output_json, R"({"a":[1,2]})");
  EXPECT_EQ(back->error, "Exit code: 1");
  StepResult ok{"4", 0, std::nullopt, std::nullopt};
  EXPECT_EQ(StepResultJson(ok), R"({"attempt":4,"exit_code":0,"output":null})");
}

TEST(WorkerApi, AResultCanCarryTheLastLogsAndAskForTheNextStep) {
  StepResult ok{"4", 0, std::nullopt, std::nullopt};
  EXPECT_EQ(StepResultJson(ok, {NextStepRequest{"w", {"shell"}}, "{\"seq\":0}\n"}),
            R"({"attempt":4,"exit_code":0,"output":null,)"
            R"("next":{"worker_id":"w","capabilities":["shell"]},"logs":"{\"seq\":0}\n"})");
  auto plain = ParseCompleteResponse(R"({"status":"ok"})");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->duplicate);
  EXPECT_FALSE(plain->logs_stored);
  EXPECT_FALSE(plain->next);
  EXPECT_TRUE(ParseCompleteResponse(R"({"status":"ok","logs":"stored"})")->logs_stored);
  auto duplicate = ParseCompleteResponse(R"({"status":"ok","duplicate":true})");
  ASSERT_TRUE(duplicate);
  EXPECT_TRUE(duplicate->duplicate);
  auto none = ParseCompleteResponse(R"({"status":"ok","next":null})");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->next);
  auto next = ParseCompleteResponse(
      R"({"status":"ok","next":{"job_id":"j","step_name":"b","action_name":"x",)"
      R"("action_spec":{"cmd":"true"},"input":{},"attempt":"2"}})");
  ASSERT_TRUE(next) << next.error().message;
  ASSERT_TRUE(next->next);
  EXPECT_EQ(next->next->step_name, "b");
  EXPECT_EQ(next->next->attempt_json, R"("2")");
  EXPECT_FALSE(ParseCompleteResponse(R"({"status":"ok","next":[1]})"));
  EXPECT_FALSE(ParseCompleteResponse("not json"));
}

TEST(WorkerApi, RequestsAndAcks) {
  EXPECT_EQ(RegisterRequestJson("w1", {"shell"}), R"({"name":"w1","capabilities":["shell"]})");
  EXPECT_EQ(ClaimRequestJson("id", {"shell", "docker"}, 20000),
            R"({"worker_id":"id","capabilities":["shell","docker"],"wait_ms":20000})");
  EXPECT_EQ(HeartbeatRequestJson("id"), R"({"worker_id":"id"})");
  EXPECT_TRUE(IsDuplicateAck(R"({"status":"ok","duplicate":true})"));
  EXPECT_FALSE(IsDuplicateAck(R"({"status":"ok"})"));
  auto id = ParseRegisterResponse(R"({"worker_id":"abc"})");
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, "abc");
  EXPECT_FALSE(ParseRegisterResponse("{}"));
}

TEST(WorkerApi, HeartbeatNamesRunningAttemptsAndReadsTheCancelList) {
  EXPECT_EQ(HeartbeatRequestJson("id", {R"("a1")", "null", R"("a2")"}),
            R"({"worker_id":"id","attempts":["a1","a2"]})");
  EXPECT_EQ(HeartbeatRequestJson("id", {"null"}), R"({"worker_id":"id","attempts":[]})");
  EXPECT_EQ(ParseHeartbeatResponse(R"({"status":"ok","cancel":["a1"]})").value(),
            std::vector<std::string>{R"("a1")"});
  EXPECT_TRUE(ParseHeartbeatResponse(R"({"status":"ok"})").value().empty());
  EXPECT_FALSE(ParseHeartbeatResponse(R"({"cancel":"a1"})"));
}

TEST(WorkerApi, ClaimCarriesTheStepTimeout) {
  auto step = ParseClaimResponse(
      R"({"job_id":"j","step_name":"s","action_name":"a","action_spec":{"cmd":"x"},)"
      R"("timeout_ms":1500})");
  ASSERT_TRUE(step && *step);
  EXPECT_EQ((*step)->timeout, std::chrono::milliseconds(1500));
  auto none = ParseClaimResponse(
      R"({"job_id":"j","step_name":"s","action_name":"a","action_spec":{"cmd":"x"},)"
      R"("timeout_ms":null})");
  EXPECT_FALSE((*none)->timeout);
}

}  // namespace
}  // namespace stroem::api
