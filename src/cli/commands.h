// The commands of `stroem` that talk to a server. cli.cc parses the arguments (CLI11)
// into these plain structs; each Run* prints to ctx.out / ctx.err and returns the exit
// code: 0 success, 1 error (printed as `Error: <message>` on stderr), and for
// `trigger --wait` 2 when the job ended in any state other than `completed`.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace stroem::cli {

struct CliContext {
  std::string server_url;  // --server, else $STROEM_URL, else http://localhost:8080
  std::ostream& out;
  std::ostream& err;
};

// Prints `Error: <message>` and returns 1.
int PrintError(const CliContext& ctx, const std::string& message);

struct TriggerArgs {
  std::string task;
  std::optional<std::string> input;       // raw JSON object
  std::optional<std::string> input_file;  // file holding a JSON object; "-" for stdin
  std::vector<std::string> sets;          // key=value, applied over input
  bool wait = false;
  bool follow = false;  // implies wait
  bool json = false;
};
int RunTrigger(const TriggerArgs& args, const CliContext& ctx);

int RunStatus(const std::string& job_id, bool json, const CliContext& ctx);
// `stroem cancel <job>`: prints `Job <id> cancelled`; a finished job is the server's 409.
int RunCancel(const std::string& job_id, const CliContext& ctx);

struct LogsArgs {
  std::string job_id;
  std::optional<std::string> step;
  bool follow = false;
};
int RunLogs(const LogsArgs& args, const CliContext& ctx);

int RunTasks(bool json, const CliContext& ctx);
int RunJobs(int limit, bool json, const CliContext& ctx);
int RunWorkers(bool json, const CliContext& ctx);

}  // namespace stroem::cli
