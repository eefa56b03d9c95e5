// libFuzzer target: the JSON wire parsers of the api layer, used by the worker (claim
// responses, log chunks, results) and the CLI (job, task, worker lists, SSE events) on
// bytes that come from the network. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/public_api.h"
#include "api/worker_api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  namespace api = stroem::api;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 12) {
    case 0:
      (void)api::ParseRegisterResponse(body);
      break;
    case 1:
      (void)api::ParseClaimResponse(body);
      break;
    case 2:
      (void)api::ParseLogChunk(body);
      break;
    case 3:
      (void)api::ParseStepResult(body);
      break;
    case 4:
      (void)api::ParseTaskList(body);
      break;
    case 5:
      (void)api::ParseJobList(body);
      break;
    case 6:
      (void)api::ParseJobDetail(body);
      break;
    case 7:
      (void)api::ParseExecuteResponse(body);
      break;
    case 8:
      (void)api::ParseLogEvent(body);
      break;
    case 9:
      (void)api::ParseEndEvent(body);
      break;
    case 10:
      (void)api::ParseWorkerList(body);
      break;
    default:
      (void)api::PrettyJson(body);
      (void)api::IsDuplicateAck(body);
      break;
  }
  return 0;
}
