#include "runner/internal/direct_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace stroem::runner::internal {
namespace {

// dash's builtins and the shell's reserved words: a first word among them means the shell
// itself does the work (`echo` is a builtin whose escapes differ from /bin/echo's).
constexpr std::string_view kShellWords[] = {
    ".",     ":",      "[",        "alias",   "bg",     "break",  "cd",     "chdir",   "command",
    "continue", "echo", "eval",    "exec",    "exit",   "export", "false",  "fg",      "getopts",
    "hash",  "jobs",   "kill",     "local",   "printf", "pwd",    "read",   "readonly", "return",
    "set",   "shift",  "test",     "times",   "trap",   "true",   "type",   "ulimit",  "umask",
    "unalias", "unset", "wait",    "if",      "then",   "else",   "elif",   "fi",      "do",
    "done",  "case",   "esac",     "while",   "until",  "for",    "in",     "function", "select"};

bool IsPlainChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("_-./,:=+@%").find(c) != std::string_view::npos;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The words of `cmd` when the shell would only split it at blanks; nothing otherwise.
std::optional<std::vector<std::string>> PlainWords(const std::string& cmd) {
  std::vector<std::string> words;
  std::string word;
  for (char c : cmd) {
    if (IsBlank(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else if (IsPlainChar(c)) {
      word += c;
    } else {
      return std::nullopt;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (words.empty()) return std::nullopt;
  const std::string& first = words.front();
  if (first.find('=') != std::string::npos) return std::nullopt;  // an assignment
  for (std::string_view w : kShellWords)
    if (first == w) return std::nullopt;
  return words;
}

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string_view> EnvValue(const std::vector<std::string>& env,
                                         std::string_view name) {
  std::optional<std::string_view> value;
  for (std::string_view entry : env)  // the last definition wins, as in BuildEnvironment
    if (entry.size() > name.size() && entry[name.size()] == '=' && entry.starts_with(name))
      value = entry.substr(name.size() + 1);
  return value;
}

// `word` looked up as the shell would: the first absolute PATH entry holding an executable
// file of that name. Nothing when PATH is unset, or when an empty or relative entry comes
// first (it means a directory relative to the step's, which the shell resolves itself).
std::optional<std::string> SearchPath(const std::string& word,
                                      const std::vector<std::string>& env) {
  auto path = EnvValue(env, "PATH");
  if (!path) return std::nullopt;
  size_t begin = 0;
  for (;;) {
    size_t end = path->find(':', begin);
    std::string_view dir = path->substr(begin, end == std::string_view::npos ? end : end - begin);
    if (dir.empty() || dir.front() != '/') return std::nullopt;
    std::string candidate = std::string(dir) + (dir.back() == '/' ? "" : "/") + word;
    if (IsExecutableFile(candidate)) return candidate;
    if (end == std::string_view::npos) return std::nullopt;
    begin = end + 1;
  }
}

}  // namespace

std::optional<Command> DirectCommand(const std::string& cmd, const std::vector<std::string>& env,
                                     const std::string& cwd) {
  auto words = PlainWords(cmd);
  if (!words) return std::nullopt;
  const std::string& first = words->front();
  std::optional<std::string> program;
  if (first.find('/') == std::string::npos) {
    program = SearchPath(first, env);
  } else if (IsExecutableFile(first.front() == '/' ? first : cwd + "/" + first)) {
    program = first;  // a relative one is resolved after the spawn's chdir, like the shell's
  }
  if (!program) return std::nullopt;
  Command c;
  c.program = *program;
  c.argv = std::move(*words);
  c.direct = true;
  return c;
}

void SetShellVariables(std::vector<std::string>& env, const std::string& cwd) {
  char* physical = ::realpath(cwd.c_str(), nullptr);  // what the shell's getcwd() would say
  std::string pwd = "PWD=" + std::string(physical ? physical : cwd.c_str());
  ::free(physical);
  std::erase_if(env, [](const std::string& e) { return e.starts_with("PWD="); });
  env.push_back(std::move(pwd));
}

}  // namespace stroem::runner::internal
