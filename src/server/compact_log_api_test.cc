// Compact log chunks (Content-Type application/x-stroem-log-chunk) through a real server on
// port 0, on SQLite and PostgreSQL: stored like numbered JSON chunks, read back unchanged.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/compact_log_chunk.h"
#include "server/compact_log_records.h"
#include "server/testing/test_server.h"

namespace stroem::server::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTs = "2026-01-01T00:00:00.000000Z";

struct Claimed {
  std::string job, step, attempt;
};

class CompactLogTest : public ServerTest {
 protected:
  Claimed ClaimOne(const std::string& task) {
    std::string job = Execute(task);
    json::value c = json::parse(Claim(RegisterWorker()));
    return {job, std::string(c.at("step_name").as_string()),
            std::string(c.at("attempt").as_string())};
  }

  TestResponse Push(const std::string& job, const std::string& body,
                    const std::string& type = std::string(api::kCompactLogChunkType)) {
    return client().Send("POST", "/worker/jobs/" + job + "/logs", body,
                         {{"Authorization", std::string("Bearer ") + kToken},
                          {"Content-Type", type}});
  }

  // A chunk of stdout lines, all at kTs.
  static std::string Chunk(const Claimed& c, int64_t seq, const std::vector<std::string>& lines) {
    api::CompactChunkWriter w(c.step, json::serialize(json::value(c.attempt)), seq);
    for (const std::string& l : lines) w.Add("stdout", kTs, l);
    return w.Finish();
  }

  std::string Logs(const std::string& job) {
    return std::string(json::parse(client().Get("/api/jobs/" + job + "/logs").body)
                           .at("logs")
                           .as_string());
  }
};

TEST_P(CompactLogTest, ChunksAreStoredOnceInOrderAndReadBackLikeJsonOnes) {
  Claimed c = ClaimOne("single");
  api::CompactChunkWriter w(c.step, json::serialize(json::value(c.attempt)), 0);
  w.Add("stdout", kTs, "first \"line\" ✓");
  w.Add("stderr", kTs, "oops\ttab");
  w.Add("stdout", "2026-01-01T00:00:01.000000Z", "");
  std::string first = w.Finish();
  EXPECT_EQ(Push(c.job, first).body, R"({"status":"ok"})");
  EXPECT_EQ(Push(c.job, first).body, R"({"status":"ok","duplicate":true})");
  EXPECT_EQ(Push(c.job, Chunk(c, 1, {"second"}), "Application/X-Stroem-Log-Chunk; v=1").status,
            200);
  EXPECT_EQ(Logs(c.job), "first \"line\" ✓\noops\ttab\n\nsecond\n");
  // A finished job's stream ends after its history (a running one's would stay open).
  ASSERT_EQ(client()
                .Worker("/worker/jobs/" + c.job + "/steps/" + c.step + "/complete",
                        R"({"attempt":")" + c.attempt + R"(","exit_code":0,"output":null})", kToken)
                .status,
            200);
  TestResponse stream = client().Get("/api/jobs/" + c.job + "/logs/stream");
  // The stored records are what a JSON chunk would have made.
  EXPECT_NE(stream.body.find(R"(data: {"ts":"2026-01-01T00:00:00.000000Z","stream":"stderr",)"
                             R"("step":"only","line":"oops\ttab"})"),
            std::string::npos)
      << stream.body;
}

TEST_P(CompactLogTest, SecretsAreMaskedAndBadUtf8Replaced) {
  Claimed c = ClaimOne("single");
  EXPECT_EQ(Push(c.job, Chunk(c, 0, {"token=s3cret", "bad \xFF\xC3 bytes", "s3cs3cret"})).status,
            200);
  EXPECT_EQ(Logs(c.job), "token=***\nbad \xEF\xBF\xBD\xEF\xBF\xBD bytes\ns3c***\n");
}

TEST_P(CompactLogTest, LongLinesAreSplitAtCharacterBoundaries) {
  Claimed c = ClaimOne("single");
  std::string line(kMaxLogLineBytes - 1, 'x');
  line += "é" + std::string(10, 'y');  // "é" straddles the limit: it moves to the next piece
  EXPECT_EQ(Push(c.job, Chunk(c, 0, {line})).status, 200);
  EXPECT_EQ(Logs(c.job), std::string(kMaxLogLineBytes - 1, 'x') + "\né" + std::string(10, 'y') +
                             "\n");
}

TEST_P(CompactLogTest, StaleAttemptsUnknownJobsAndMalformedBodiesAreRefused) {
  Claimed c = ClaimOne("single");
  Claimed stale = c;
  stale.attempt = "00000000-0000-4000-8000-000000000001";
  EXPECT_EQ(Push(c.job, Chunk(stale, 0, {"x"})).status, 409);
  EXPECT_EQ(Push("00000000-0000-4000-8000-000000000000", Chunk(c, 0, {"x"})).status, 404);
  std::string good = Chunk(c, 0, {"x"});
  struct Case {
    std::string body, error;
  } cases[] = {
      {"not a header", "log chunk header: the first line must end in a newline"},
      {good.substr(0, good.size() - 1), "runs past the end of the body (1 bytes left)"},
      {good + "stdin " + kTs + " 2\na\n", "group 2 (byte"},
      {"{\"step\":\"only\",\"attempt\":3,\"seq\":1}\n",
       "log chunk header: field 'attempt' must be a string"},
  };
  for (const Case& bad : cases) {
    TestResponse r = Push(c.job, bad.body);
    EXPECT_EQ(r.status, 400) << bad.body;
    std::string error(json::parse(r.body).at("error").as_string());
    EXPECT_NE(error.find(bad.error), std::string::npos) << error;
  }
  EXPECT_EQ(Logs(c.job), "");
  // Another Content-Type is not read as a compact chunk.
  EXPECT_EQ(Push(c.job, good, "text/plain").status, 415);
}

TEST_P(CompactLogTest, AResultCanCarryItsStepsLastChunk) {
  Claimed c = ClaimOne("single");
  auto complete = [&](const std::string& logs_json) {
    return client().Worker("/worker/jobs/" + c.job + "/steps/" + c.step + "/complete",
                           R"({"attempt":")" + c.attempt +
                               R"(","exit_code":0,"output":null,"logs":)" + logs_json + "}",
                           kToken);
  };
  auto as_json = [](const std::string& text) { return json::serialize(json::value(text)); };
  Claimed other = c;
  other.step = "elsewhere";
  // Refused whole, before anything is recorded.
  EXPECT_EQ(complete("7").status, 400);
  EXPECT_EQ(complete(as_json("not a chunk")).status, 400);
  TestResponse foreign = complete(as_json(Chunk(other, 0, {"x"})));
  EXPECT_EQ(foreign.status, 400);
  EXPECT_NE(foreign.body.find("another step or attempt"), std::string::npos) << foreign.body;
  EXPECT_EQ(Logs(c.job), "");
  EXPECT_EQ(json::parse(client().Get("/api/jobs/" + c.job).body).at("status"), "running");

  EXPECT_EQ(Push(c.job, Chunk(c, 0, {"first"})).status, 200);
  TestResponse done = complete(as_json(Chunk(c, 1, {"last", "OUTPUT: {}"})));
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, R"({"status":"ok","logs":"stored"})");
  EXPECT_EQ(Logs(c.job), "first\nlast\nOUTPUT: {}\n");
  EXPECT_EQ(json::parse(client().Get("/api/jobs/" + c.job).body).at("status"), "completed");
  // A retried result stores its chunk once.
  EXPECT_EQ(complete(as_json(Chunk(c, 1, {"last", "OUTPUT: {}"}))).body,
            R"({"status":"ok","duplicate":true})");
  EXPECT_EQ(Logs(c.job), "first\nlast\nOUTPUT: {}\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, CompactLogTest, STROEM_BACKENDS);

}  // namespace
}  // namespace stroem::server::testing
