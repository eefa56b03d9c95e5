// Helpers for the runner tests: a temporary workspace and a recording sink.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "runner/runner.h"
#include "runner/shell_runner.h"

namespace stroem::runner::testing {

// A fresh directory under TMPDIR, removed with everything in it.
class TempWorkspace {
 public:
  TempWorkspace() {
    std::string pattern = (std::filesystem::temp_directory_path() / "stroem-runner-XXXXXX");
    dir_ = ::mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempWorkspace() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  void Write(const std::string& name, const std::string& text, bool executable = false) const {
    std::filesystem::create_directories(std::filesystem::path(Path(name)).parent_path());
    std::ofstream(Path(name), std::ios::binary) << text;
    ::chmod(Path(name).c_str(), executable ? 0755 : 0644);
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(Path(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::string dir_;
};

// Keeps every line; optionally calls `on_line` for each (on the runner's thread).
class RecordingSink : public LogSink {
 public:
  void OnLine(LogLine line) override {
    if (on_line) on_line(line);
    std::lock_guard lock(mu_);
    lines_.push_back(std::move(line));
  }
  std::vector<std::string> Texts(Stream stream) const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& l : lines_)
      if (l.stream == stream) out.push_back(l.text);
    return out;
  }
  std::vector<std::string> Stdout() const { return Texts(Stream::kStdout); }
  std::vector<std::string> Stderr() const { return Texts(Stream::kStderr); }
  std::vector<LogLine> All() const {
    std::lock_guard lock(mu_);
    return lines_;
  }

  std::function<void(const LogLine&)> on_line;

 private:
  mutable std::mutex mu_;
  std::vector<LogLine> lines_;  // guarded by mu_
};

inline StepRun Cmd(const std::string& cmd, const std::string& workspace) {
  StepRun run;
  run.job_id = "job-1";
  run.task = "deploy";
  run.step = "build";
  run.cmd = cmd;
  run.workspace_dir = workspace;
  return run;
}

inline StepRun Script(const std::string& script, const std::string& workspace) {
  StepRun run = Cmd("", workspace);
  run.cmd.reset();
  run.script = script;
  return run;
}

// Runs with a fresh token and sink.
inline StepOutcome RunStep(const StepRun& run, RecordingSink& sink,
                           ShellRunnerOptions options = {}) {
  CancelToken cancel;
  return ShellRunner(options).Run(run, sink, cancel);
}

}  // namespace stroem::runner::testing
