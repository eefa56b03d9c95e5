// `stroem validate` as a user runs it: offline, on the example workspace, on the
// suite's own workflows, and on broken files whose problems it must name with a place.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_workspace.h"
#include "process.h"

namespace stroem::e2e {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class E2eValidate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Env("STROEM_CLI_BIN").empty()) GTEST_SKIP() << "STROEM_CLI_BIN is not set";
  }
  RunResult Validate(const std::string& path) {
    return RunCommand(Env("STROEM_CLI_BIN"), {"validate", path});
  }
  TempDir dir_;
};

TEST_F(E2eValidate, ExampleWorkspaceIsValid) {
  std::string folder = Env("STROEM_SOURCE_DIR") + "/workspace/.workflows/";
  RunResult r = Validate(folder);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("[OK] "));
  EXPECT_THAT(r.out, HasSubstr("hello.yaml"));
  EXPECT_THAT(r.out, HasSubstr("examples.yaml"));
  EXPECT_THAT(r.out, Not(HasSubstr("[FAIL]")));
  EXPECT_THAT(r.out, HasSubstr("0 errors"));
}

TEST_F(E2eValidate, SuiteWorkflowsAreValid) {
  WriteFile(dir_.path() + "/.workflows/e2e.yaml", kE2eWorkflows);
  RunResult r = Validate(dir_.path());  // a workspace root: its .workflows/
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("[OK] "));
}

TEST_F(E2eValidate, BrokenWorkflowsFailWithTheirPlace) {
  std::string file = dir_.path() + "/broken.yaml";
  WriteFile(file,
            "actions:\n"
            "  ok:\n"
            "    type: shell\n"
            "    cmd: echo ok\n"
            "tasks:\n"
            "  loop:\n"
            "    flow:\n"
            "      a:\n"
            "        action: ok\n"
            "        depends_on: [b]\n"
            "      b:\n"
            "        action: ok\n"
            "        depends_on: [a]\n"
            "  missing:\n"
            "    flow:\n"
            "      x:\n"
            "        action: not-defined\n");
  RunResult r = Validate(file);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("[FAIL] " + file));
  EXPECT_THAT(r.out, ContainsRegex("broken.yaml:[0-9]+:[0-9]+: error: .*cycle"));
  EXPECT_THAT(r.out, ContainsRegex("broken.yaml:17:[0-9]+: error: .*not-defined"));
  EXPECT_THAT(r.err, HasSubstr("Error: Validation failed for one or more files"));
}

TEST_F(E2eValidate, YamlSyntaxErrorFails) {
  WriteFile(dir_.path() + "/bad.yml", "tasks:\n  t:\n    flow: [unclosed\n");
  WriteFile(dir_.path() + "/good.yaml", "actions:\n  ok:\n    type: shell\n    cmd: echo ok\n");
  RunResult r = Validate(dir_.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("[FAIL] "));
  EXPECT_THAT(r.out, ContainsRegex("bad.yml:[0-9]+:[0-9]+: error"));
  EXPECT_THAT(r.out, ContainsRegex("\\[OK\\] [^\n]*good.yaml"));
}

TEST_F(E2eValidate, EmptyFolderHasNothingToCheck) {
  RunResult r = Validate(dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("No YAML files found at"));
}

TEST_F(E2eValidate, MissingPathIsAnError) {
  RunResult r = Validate(dir_.path() + "/nope");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("Error: "));
}

}  // namespace
}  // namespace stroem::e2e
