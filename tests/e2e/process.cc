#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <thread>

extern char** environ;

namespace stroem::e2e {
namespace {

// A CLI command that has not finished after this long is hung: it is killed so the test
// fails with its output instead of running into the CTest timeout.
constexpr auto kRunLimit = std::chrono::seconds(120);

std::vector<char*> Pointers(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (std::string& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int OpenOutput(const std::string& path) {
  return open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

// fork + exec. Everything the child touches is prepared before fork(): after it only
// async-signal-safe calls are allowed (the test process has libcurl and gtest threads).
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, int out, int err,
            const std::string& cwd = "") {
  std::vector<std::string> argv_s{binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = ChildEnvironment(env);
  std::vector<char*> argv = Pointers(argv_s), envp = Pointers(env_s);
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(in);
  return pid;
}

// Waits up to `limit` for `pid`; true (and `code` set) when it exited.
bool WaitFor(pid_t pid, std::chrono::milliseconds limit, int& code) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) {
      code = r == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

int KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  int code = -1;
  WaitFor(pid, std::chrono::seconds(30), code);
  return code;
}

}  // namespace

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  if (v && *v) return v;
  const std::map<std::string, std::string> built = {
#ifdef STROEM_SERVER_BIN_DEFAULT
      {"STROEM_SERVER_BIN", STROEM_SERVER_BIN_DEFAULT},
      {"STROEM_WORKER_BIN", STROEM_WORKER_BIN_DEFAULT},
      {"STROEM_CLI_BIN", STROEM_CLI_BIN_DEFAULT},
      {"STROEM_SOURCE_DIR", STROEM_SOURCE_DIR_DEFAULT},
#endif
  };
  auto it = built.find(name);
  return it == built.end() ? "" : it->second;
}

std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    if (!entry.starts_with("STROEM_")) out.push_back(entry);
  }
  for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
  return out;
}

ChildProcess::ChildProcess(const std::string& binary, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env, const std::string& cwd,
                           std::string output_file)
    : output_file_(std::move(output_file)) {
  int out = OpenOutput(output_file_);
  pid_ = Spawn(binary, args, env, out, out, cwd);
  close(out);
}

ChildProcess::~ChildProcess() {
  Stop();
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  if (!WaitFor(pid_, std::chrono::milliseconds(0), exit_code_)) return true;
  pid_ = -1;
  return false;
}

int ChildProcess::Stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, SIGTERM);
  if (!WaitFor(pid_, grace, exit_code_)) exit_code_ = KillAndReap(pid_);
  pid_ = -1;
  return exit_code_;
}

RunResult RunCommand(const std::string& binary, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env) {
  TempDir dir;
  std::string out_path = dir.path() + "/out", err_path = dir.path() + "/err";
  int out = OpenOutput(out_path), err = OpenOutput(err_path);
  pid_t pid = Spawn(binary, args, env, out, err);
  close(out);
  close(err);
  RunResult r;
  if (!WaitFor(pid, kRunLimit, r.exit_code)) r.exit_code = KillAndReap(pid);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

}  // namespace stroem::e2e
