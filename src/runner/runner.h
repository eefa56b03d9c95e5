// The runner interface: how a worker executes one step's process.
//
// A Runner takes a fully rendered step (StepRun), runs it to completion, streams its
// output line by line into a LogSink while it runs, and returns a StepOutcome. The
// worker calls Run on its own thread per step; ShellRunner (shell_runner.h) is the
// implementation for `type: shell` actions. Later runners (Docker, Kubernetes) sit
// behind the same interface.
//
// This header is deliberately light: no Boost, no JSON, no POSIX headers.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace stroem::runner {

// One step to run, with every template already rendered by the server.
struct StepRun {
  std::string job_id;
  std::string task;
  std::string step;
  // Exactly one of cmd and script is set. `cmd` runs as `sh -c <cmd>`; `script` is a
  // path relative to workspace_dir (see ShellRunner for how it is executed).
  std::optional<std::string> cmd;
  std::optional<std::string> script;
  // The action's rendered `env`, in declaration order.
  std::vector<std::pair<std::string, std::string>> env;
  // Step inputs: name -> value text (strings raw, every other JSON value as JSON text).
  // Each becomes the environment variable InputEnvName(name).
  std::vector<std::pair<std::string, std::string>> inputs;
  // Working directory of the process and root that `script` paths are confined to.
  std::string workspace_dir;
  // No limit when empty.
  std::optional<std::chrono::milliseconds> timeout;
};

// `STROEM_INPUT_` + the input name upper-cased, every character other than an ASCII
// letter or digit replaced by `_` ("deploy-env" -> "STROEM_INPUT_DEPLOY_ENV"). Must stay
// identical to stroem::workflow::InputEnvName (the runner does not link workflow).
std::string InputEnvName(const std::string& input_name);

enum class Stream { kStdout, kStderr };

// One line of a step's output. `text` is valid UTF-8 (invalid bytes replaced by U+FFFD)
// without its trailing "\n" or "\r\n". A line longer than the runner's limit arrives as
// several LogLines, in order, none dropped. `time` is when the runner read the bytes.
struct LogLine {
  TimePoint time;
  Stream stream = Stream::kStdout;
  std::string text;
};

// Receives a step's output while it runs. OnLine is called on the thread that called
// Runner::Run, one line at a time, in the order the lines were read. While OnLine runs
// the runner reads nothing, so a slow sink slows the step (the pipe fills up) rather
// than growing memory. Notes from the runner itself (e.g. an ignored OUTPUT line) arrive
// as stderr lines starting with "[stroem] ". Should OnLine throw, the step's process
// group is killed and the exception propagates out of Run.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void OnLine(LogLine line) = 0;
};

// Lets another thread cancel a running step. Thread-safe; Cancel() is idempotent and
// sticky: a token cancelled before Run starts makes Run return at once without spawning.
// One token per step; it may outlive the Run call.
class CancelToken {
 public:
  CancelToken();
  ~CancelToken();
  CancelToken(const CancelToken&) = delete;
  CancelToken& operator=(const CancelToken&) = delete;

  void Cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  // A descriptor that becomes readable (and stays readable) once Cancel() was called,
  // so a runner can wait for it in poll() next to its pipes. -1 when the descriptor could
  // not be created: runners then poll cancelled() at a short interval instead.
  int wait_fd() const { return event_fd_; }

 private:
  std::atomic<bool> cancelled_{false};
  int event_fd_ = -1;
};

// How a step ended. Errors are values: Run never throws.
struct StepOutcome {
  // The process's exit status; -1 when it died by a signal, could not be started, timed
  // out or was cancelled (so 0 always means success).
  int exit_code = -1;
  // The value of the last valid `OUTPUT: {json}` stdout line (contract §2.3), as compact
  // JSON text; empty when there was none.
  std::optional<std::string> output_json;
  // Set whenever exit_code != 0 (contract §3.8): "Exit code: N\nStderr: <tail>" (the last
  // few KiB of stderr), "timed out after 30s", "cancelled", or why the process could not
  // be started (script path refused, script missing, interpreter missing, ...).
  std::optional<std::string> error;
  bool timed_out = false;
  bool cancelled = false;
};

class Runner {
 public:
  virtual ~Runner() = default;
  // Runs `step` to completion. Blocking; safe to call from several threads at once.
  virtual StepOutcome Run(const StepRun& step, LogSink& sink, const CancelToken& cancel) = 0;
};

}  // namespace stroem::runner
