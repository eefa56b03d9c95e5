// libFuzzer target: the compact log chunk body a worker POSTs to /worker/jobs/{id}/logs
// (application/x-stroem-log-chunk). ParseCompactLogChunk must refuse or accept any bytes
// without crashing; for an accepted body, every stored record CompactChunkRecords makes
// (UTF-8 repair, secret masking, long-line cuts) must be valid JSON: a record that is not
// would corrupt the job's log for every reader. So must the worker's JSON fallback body
// for valid UTF-8 input (the runner's lines always are).
#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "api/compact_log_chunk.h"
#include "common/utf8.h"
#include "server/compact_log_records.h"

namespace {

void RequireJson(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse(text, ec);
  if (ec) {
    fprintf(stderr, "not JSON: [%.*s]\n", int(text.size()), text.data());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<stroem::workflow::SecretLeaf> secrets = {
      {"secret.token", "hunter2", {}}, {"secret.key", "s3cr\xc3\xa9t", {}}};
  static const stroem::server::SecretMasker masker(secrets);
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto chunk = stroem::api::ParseCompactLogChunk(body);
  if (!chunk) return 0;
  std::string records = stroem::server::CompactChunkRecords(*chunk, masker);
  for (std::string_view rest = records; !rest.empty();) {
    size_t end = rest.find('\n');
    if (end == std::string_view::npos) std::abort();  // every record ends its line
    RequireJson(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  // The JSON fallback is built by the worker from runner lines, which are valid UTF-8.
  if (stroem::IsWellFormedUtf8(body)) RequireJson(stroem::api::CompactToLogChunkJson(*chunk));
  return 0;
}
