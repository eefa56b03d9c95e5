// libFuzzer target: the server configuration loader on arbitrary YAML, with a fixed set
// of STROEM__* overrides so that override merging is exercised too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  static char lease[] = "STROEM__LEASE_SECONDS=2";
  static char http[] = "STROEM__HTTP__IO_THREADS=1";
  static char* environ_block[] = {lease, http, nullptr};
  auto config = stroem::server::ParseServerConfig("server.yaml", content, environ_block);
  if (config) {
    (void)config->host();
    (void)config->port();
  }
  return 0;
}
