// Runs the `stroem` binary ($STROEM_CLI_BIN) for what needs no server: help, argument
// errors, offline validate, and the messages for an unreachable server.
#include <gtest/gtest.h>

#include "api/testing/server_process.h"

namespace stroem::cli {
namespace {

using api::testing::ClosedPort;
using api::testing::EnvOr;
using api::testing::ProcessResult;
using api::testing::RunProcess;

ProcessResult Stroem(const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {{"STROEM_URL", "\x01"}}) {
  return RunProcess(EnvOr("STROEM_CLI_BIN", STROEM_CLI_BIN_PATH), args, env);
}

TEST(CliBinary, EveryCommandHasHelpWithAnExample) {
  for (const char* command :
       {"validate", "trigger", "status", "logs", "tasks", "jobs", "workers"}) {
    ProcessResult r = Stroem({command, "--help"});
    EXPECT_EQ(r.exit_code, 0) << command;
    EXPECT_NE(r.out.find("Example:\n  stroem " + std::string(command)), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--server URL anywhere"), std::string::npos) << command;
  }
}

TEST(CliBinary, UsageErrorsExitOne) {
  ProcessResult none = Stroem({});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err.rfind("Error: ", 0), 0u) << none.err;
  ProcessResult missing = Stroem({"status"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("job_id"), std::string::npos) << missing.err;
  ProcessResult both = Stroem({"trigger", "t", "--input", "{}", "--input-file", "x.json"});
  EXPECT_EQ(both.exit_code, 1);
}

TEST(CliBinary, ValidateRunsOffline) {
  ProcessResult r = Stroem({"validate", "../../workspace", "--server", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[OK]"), std::string::npos) << r.out;
}

TEST(CliBinary, UnreachableServerNamesTheUrlWhereverServerIsGiven) {
  ClosedPort port;
  std::string expected = "Error: cannot reach " + port.url() + ": Connection refused\n";
  EXPECT_EQ(Stroem({"--server", port.url(), "tasks"}).err, expected);
  EXPECT_EQ(Stroem({"tasks", "--server", port.url()}).err, expected);
  EXPECT_EQ(Stroem({"jobs", "--limit", "3", "--server=" + port.url()}).err, expected);
  ProcessResult env = Stroem({"status", "abc"}, {{"STROEM_URL", port.url()}});
  EXPECT_EQ(env.exit_code, 1);
  EXPECT_EQ(env.err, expected);
  ProcessResult flag_wins =
      Stroem({"logs", "abc", "--server", port.url()}, {{"STROEM_URL", "http://127.0.0.1:1"}});
  EXPECT_EQ(flag_wins.err, expected);
}

TEST(CliBinary, DefaultServerIsLocalhost8080) {
  ProcessResult r = Stroem({"tasks"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("http://localhost:8080"), std::string::npos) << r.err;
}

TEST(CliBinary, InvalidInputFailsBeforeAnyRequest) {
  ProcessResult r =
      Stroem({"trigger", "hello", "--input", "{bad", "--server", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("Error: Invalid JSON input", 0), 0u) << r.err;
}

}  // namespace
}  // namespace stroem::cli
