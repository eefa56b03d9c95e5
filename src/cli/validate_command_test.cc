#include "cli/validate_command.h"

#include <gtest/gtest.h>

#include <sstream>

namespace stroem::cli {
namespace {

struct Outcome {
  int code;
  std::string out, err;
};

Outcome Validate(const std::string& path) {
  std::ostringstream out, err;
  int code = RunValidate(path, out, err);
  return {code, out.str(), err.str()};
}

const std::string kData = "../workflow/testdata/";

TEST(ValidateCommand, GoodFileWithWarningsExitsZero) {
  Outcome r = Validate(kData + "seed_hello.yaml");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("[OK] " + kData + "seed_hello.yaml\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("warning: actions.greet.cmd splices {{ input.name }}"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("shell_quote"), std::string::npos);
  EXPECT_EQ(r.err, "");
}

TEST(ValidateCommand, ErrorsExitOneWithPositions) {
  Outcome r = Validate(kData + "typo_depends_on.yaml");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("[FAIL] " + kData + "typo_depends_on.yaml"), std::string::npos);
  EXPECT_NE(r.out.find("typo_depends_on.yaml:9:9: error: unknown key 'depends-on'"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.err, "Error: Validation failed for one or more files\n");
}

TEST(ValidateCommand, WorkspaceFolderIsOneWorkspace) {
  Outcome r = Validate(kData + "cross_file");
  EXPECT_EQ(r.code, 1);  // `twice` is defined in both files
  EXPECT_NE(r.out.find("[OK] " + kData + "cross_file/.workflows/10-actions.yaml"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[FAIL] " + kData + "cross_file/.workflows/20-tasks.yml"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("action 'twice' is already defined at " + kData +
                       "cross_file/.workflows/10-actions.yaml:3:3"),
            std::string::npos)
      << r.out;
}

TEST(ValidateCommand, EmptyFolderSaysSo) {
  Outcome r = Validate(kData + "cross_file/.workflows/notes.txt/..");
  EXPECT_EQ(r.code, 1);  // not a directory: path does not exist
  Outcome empty = Validate("../common");
  EXPECT_EQ(empty.code, 0);
  EXPECT_EQ(empty.out, "No YAML files found at ../common\n");
}

TEST(ValidateCommand, MissingPathIsAnError) {
  Outcome r = Validate("no/such/place");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "Error: no/such/place: no such file or directory\n");
}

}  // namespace
}  // namespace stroem::cli

namespace stroem::cli {
namespace {

TEST(ValidateCommand, ExampleWorkspaceIsClean) {
  std::ostringstream out, err;
  EXPECT_EQ(RunValidate("../../workspace", out, err), 0);
  EXPECT_NE(out.str().find("0 errors, 0 warnings"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace stroem::cli
