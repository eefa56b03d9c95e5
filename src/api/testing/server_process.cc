#include "api/testing/server_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "common/id.h"

extern char** environ;

namespace stroem::api::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  path_ = (fs::temp_directory_path() / ("stroem-test-" + NewUuid())).string();
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

// A TCP socket bound to 127.0.0.1:`port` (0: one the kernel picks); -1 if it cannot be.
int BindLoopback(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  if (fd >= 0) close(fd);
  return -1;
}

}  // namespace

ClosedPort::ClosedPort() : fd_(BindLoopback(0)) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  url_ = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
}

ClosedPort::~ClosedPort() {
  close(fd_);
}

void WriteFile(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

namespace {

std::vector<std::string> Environment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    if (!env.count(name)) out.push_back(entry);
  }
  for (const auto& [k, v] : env)
    if (v != "\x01") out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (auto& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// fork + exec with stdin/stdout/stderr from the given descriptors.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, int in, int out, int err) {
  std::vector<std::string> argv_s{binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = Environment(env);
  auto argv = Pointers(argv_s);
  auto envp = Pointers(env_s);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int OpenForWrite(const std::string& path, bool append) {
  return open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0600);
}

}  // namespace

int WaitProcess(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

pid_t SpawnProcess(const std::string& binary, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env, const std::string& output_file) {
  int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = OpenForWrite(output_file, true);
  pid_t pid = Spawn(binary, args, env, in, out, out);
  close(in);
  close(out);
  return pid;
}

ProcessResult RunProcess(const std::string& binary, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env,
                         const std::string& stdin_text) {
  TempDir dir;
  std::string in_path = dir.path() + "/in", out_path = dir.path() + "/out",
              err_path = dir.path() + "/err";
  WriteFile(in_path, stdin_text);
  int in = open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  int out = OpenForWrite(out_path, false), err = OpenForWrite(err_path, false);
  pid_t pid = Spawn(binary, args, env, in, out, err);
  close(in);
  close(out);
  close(err);
  ProcessResult r;
  r.exit_code = WaitProcess(pid);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

ServerProcess::ServerProcess(ServerProcessOptions options) : options_(std::move(options)) {}

ServerProcess::~ServerProcess() {
  Kill();
}

Result<int> FreeRestartablePort() {
  int ephemeral_low = 32768, ephemeral_high = 60999;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> ephemeral_low >> ephemeral_high;
  // Below the ephemeral range when there is room (Linux's default starts it at 32768).
  const bool below = ephemeral_low > 11024;
  std::uniform_int_distribution<int> pick(below ? 10000 : ephemeral_high + 1,
                                          below ? ephemeral_low - 1 : 65535);
  std::mt19937 random(std::random_device{}());
  for (int tries = 0; tries < 1000; ++tries) {
    const int port = pick(random);
    const int fd = BindLoopback(static_cast<uint16_t>(port));
    if (fd < 0) continue;
    close(fd);
    return port;
  }
  return Fail(ErrorCode::kUnavailable, "no free loopback port outside the ephemeral range " +
                                           std::to_string(ephemeral_low) + "-" +
                                           std::to_string(ephemeral_high));
}

Result<void> ServerProcess::Start() {
  if (!url_.empty()) return Spawn();  // a restart keeps the port: clients have the URL
  Result<void> started = Fail(ErrorCode::kUnavailable, "stroem-server did not start");
  for (int i = 0; i < 5 && !started; ++i) {  // a port found free can be taken meanwhile
    auto port = FreeRestartablePort();
    if (!port) return tl::unexpected(port.error());
    port_ = *port;
    started = Spawn();
  }
  return started;
}

Result<void> ServerProcess::Spawn() {
  const std::string& binary = options_.server_binary;
  if (binary.empty()) return Fail(ErrorCode::kInvalidArgument, "no stroem-server binary given");
  std::string ready = dir_.path() + "/ready-" + std::to_string(++runs_);
  std::map<std::string, std::string> env = {
      {"STROEM_CONFIG", "\x01"},
      {"STROEM__LISTEN", "127.0.0.1:" + std::to_string(port_)},
      {"STROEM__DB__URL", "sqlite:" + dir_.path() + "/stroem.db"},
      {"STROEM__LOG_STORAGE__LOCAL_DIR", dir_.path() + "/logs"},
      {"STROEM__WORKSPACE__PATH", options_.workspace},
      {"STROEM__WORKER_TOKEN", options_.worker_token},
      {"STROEM__EMBEDDED_WORKER__ENABLED", "false"}};
  if (options_.lease_seconds > 0) {
    env["STROEM__LEASE_SECONDS"] = std::to_string(options_.lease_seconds);
    env["STROEM__SWEEP_INTERVAL_SECS"] = "1";
  }
  for (const auto& [k, v] : options_.env) env[k] = v;
  pid_ = SpawnProcess(binary, {"--ready-file", ready}, env, dir_.path() + "/server.out");
  bool up = WaitUntil([&] {
    if (fs::exists(ready) && !ReadFile(ready).empty()) return true;
    return waitpid(pid_, nullptr, WNOHANG) != 0;  // exited early
  });
  std::string url = ReadFile(ready);
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  if (!up || url.empty()) {
    Kill();
    return Fail(ErrorCode::kUnavailable, "stroem-server did not start:\n" + Output());
  }
  url_ = url;
  port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
  return Ok();
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitProcess(pid_);
  pid_ = -1;
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = WaitProcess(pid_);
  pid_ = -1;
  return status;
}

std::string ServerProcess::Output() const {
  return ReadFile(dir_.path() + "/server.out");
}

}  // namespace stroem::api::testing
