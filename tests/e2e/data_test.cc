// Data through the whole system unchanged: a 50 MB log arrives whole, and inputs with
// unicode and shell metacharacters reach the step's environment byte for byte.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "cluster_test.h"

namespace stroem::e2e {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

template <typename Shape>
class E2eData : public ClusterTest<Shape> {};
TYPED_TEST_SUITE(E2eData, ClusterShapes, ClusterShapeNames);

// What the big-log action prints: `lines` lines of 100 bytes.
std::string ExpectedBigLog(int lines) {
  std::string out;
  out.reserve(static_cast<size_t>(lines) * 100);
  const std::string pad(86, 'x');
  char number[16];
  for (int i = 0; i < lines; ++i) {
    std::snprintf(number, sizeof number, "%07d", i);
    out.append("line ").append(number).append(" ").append(pad).append("\n");
  }
  return out;
}

// The first place two strings differ, for a readable failure instead of 50 MB of text.
std::string FirstDifference(const std::string& got, const std::string& want) {
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  if (i == got.size() && i == want.size()) return "";
  return "sizes " + std::to_string(got.size()) + " vs " + std::to_string(want.size()) +
         ", first difference at byte " + std::to_string(i) + ": got '" + got.substr(i, 120) +
         "', want '" + want.substr(i, 120) + "'";
}

TYPED_TEST(E2eData, FiftyMegabyteLogArrivesWhole) {
  Cluster& c = this->cluster();
  constexpr int kLines = 524'288;  // x 100 bytes = 50 MiB
  std::string id = c.Trigger("e2e-big-log", {{"lines", kLines}});
  json::value job = c.WaitForJob(id);
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job) << c.Output();
  const std::string want = ExpectedBigLog(kLines);
  EXPECT_EQ(FirstDifference(c.Logs(id), want), "");

  RunResult cli = c.Cli({"logs", id});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(FirstDifference(cli.out, want), "");
}

// Everything a shell would act on, plus text that looks like a template.
const std::string kAwkwardText =
    "Grüße, 世界 🌊 ø Å — \"double\" 'single' `touch pwned-tick` $(touch pwned-subst) "
    "${HOME} $HOME; touch pwned-semi && echo | cat > pwned-redirect < /dev/null * ? ~ \\ "
    "{{ input.text }} {% if true %}x{% endif %} %s %n\ttab\nsecond line\n  trailing space ";

bool NothingInjected(const std::string& folder) {
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.path().filename().string().starts_with("pwned")) return false;
  return true;
}

TYPED_TEST(E2eData, UnicodeAndShellMetacharactersPassUnchangedThroughHttp) {
  Cluster& c = this->cluster();
  std::string out = c.dir() + "/http-text";
  fs::create_directories(out);
  json::value job = c.WaitForJob(c.Trigger("e2e-record", {{"text", kAwkwardText}, {"dir", out}}));
  ASSERT_EQ(StatusOf(job), "completed") << json::serialize(job) << c.Output();
  EXPECT_EQ(ReadFile(out + "/text.out"), kAwkwardText);
  json::object want_output{{"bytes", kAwkwardText.size()}};
  EXPECT_EQ(StepField(job, "record", "output"), want_output);
  EXPECT_EQ(job.at("input").at("text"), json::value(kAwkwardText));
  EXPECT_TRUE(NothingInjected(c.dir()));
}

TYPED_TEST(E2eData, UnicodeAndShellMetacharactersPassUnchangedThroughCli) {
  Cluster& c = this->cluster();
  std::string out = c.dir() + "/cli-text";
  fs::create_directories(out);
  json::object input{{"text", kAwkwardText}, {"dir", out}};
  RunResult r = c.Cli({"trigger", "e2e-record", "--input", json::serialize(input), "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << c.Output();
  EXPECT_EQ(ReadFile(out + "/text.out"), kAwkwardText);

  // --set takes a plain string value as is.
  std::string set_dir = c.dir() + "/cli-set";
  fs::create_directories(set_dir);
  r = c.Cli({"trigger", "e2e-record", "--set", "text=" + kAwkwardText, "--set", "dir=" + set_dir,
             "--wait"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ReadFile(set_dir + "/text.out"), kAwkwardText);
  EXPECT_TRUE(NothingInjected(c.dir()));
}

}  // namespace
}  // namespace stroem::e2e
