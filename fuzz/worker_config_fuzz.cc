// libFuzzer target: the worker configuration parser. Input after a "\n--env--\n" line is
// read as `key=value` override lines, as yaml::EnvOverrides would produce them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "worker/worker_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> overrides;
  size_t split = input.find("\n--env--\n");
  std::string_view content = input.substr(0, split);
  if (split != std::string_view::npos) {
    std::string_view rest = input.substr(split + 9);
    while (!rest.empty()) {
      size_t end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      size_t eq = line.find('=');
      if (eq != std::string_view::npos)
        overrides.emplace_back(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  (void)stroem::worker::ParseWorkerConfig("worker.yaml", content, overrides);
  return 0;
}
