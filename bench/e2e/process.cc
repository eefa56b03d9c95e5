#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace stroem::bench {
namespace {

// environ minus the keys of `env`, plus `env`: the child's environment.
std::vector<std::string> MergedEnv(const Env& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    bool replaced = false;
    for (const auto& [key, value] : env)
      if (entry.compare(0, key.size() + 1, key + "=") == 0) replaced = true;
    if (!replaced) out.push_back(std::move(entry));
  }
  for (const auto& [key, value] : env) out.push_back(key + "=" + value);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int WaitExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const Env& env, const std::string& cwd,
                 const std::string& output) {
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = MergedEnv(env);
  auto arg_ptrs = Pointers(args);
  auto env_ptrs = Pointers(envs);
  int out = open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) throw std::runtime_error("cannot open " + output + ": " + strerror(errno));
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Dies with the driver, even when the driver crashes: no stray servers.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out, 1);
    dup2(out, 2);
    if (chdir(cwd.c_str()) != 0) _exit(127);
    execve(args[0].c_str(), arg_ptrs.data(), env_ptrs.data());
    _exit(127);
  }
  int fork_errno = errno;
  close(out);
  if (pid_ < 0) throw std::runtime_error("cannot start " + args[0] + ": " + strerror(fork_errno));
}

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    Stop();
    pid_ = std::exchange(other.pid_, -1);
  }
  return *this;
}

bool Process::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == 0) return true;
  exit_status_ = done < 0 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  pid_ = -1;
  return false;
}

int Process::Stop(std::chrono::seconds grace) {
  if (pid_ <= 0) return 0;
  pid_t pid = std::exchange(pid_, -1);
  kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (done < 0) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  WaitExit(pid);
  return -1;
}

double TimeProgram(const std::vector<std::string>& argv, const Env& env) {
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = MergedEnv(env);
  auto arg_ptrs = Pointers(args);
  auto env_ptrs = Pointers(envs);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = -1;
  if (int rc = posix_spawn(&pid, args[0].c_str(), nullptr, nullptr, arg_ptrs.data(),
                           env_ptrs.data());
      rc != 0)
    throw std::runtime_error("cannot start " + args[0] + ": " + strerror(rc));
  int code = WaitExit(pid);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (code != 0)
    throw std::runtime_error("baseline command failed (" + std::to_string(code) +
                             "): " + args.back().substr(0, 200));
  return seconds;
}

double TimeShell(const std::string& command) { return TimeProgram({"/bin/sh", "-c", command}); }

double RssMiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return 0;
}

double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  // After the command: state is field 3; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i >= 14) ticks += std::strtod(field.c_str(), nullptr);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace stroem::bench
