#include "storage/internal/backend.h"

namespace stroem::storage::internal {

namespace {

Result<std::vector<QueryResult>> RunBatch(Backend& backend, TxMode mode, std::span<const Call> calls) {
  std::vector<QueryResult> out;
  auto status = backend.Transact(mode, [&](Session& session) -> Result<void> {
    out.clear();  // the body may run again after a retried transaction
    for (const Call& call : calls) {
      auto r = session.Run(call.statement, call.params);
      if (!r) return tl::unexpected(r.error());
      out.push_back(std::move(*r));
    }
    return Ok();
  });
  if (!status) return tl::unexpected(status.error());
  return out;
}

}  // namespace

Result<std::vector<QueryResult>> Backend::TransactBatch(std::span<const Call> calls) {
  return RunBatch(*this, TxMode::kWrite, calls);
}

Result<std::vector<QueryResult>> Backend::ReadBatch(std::span<const Call> calls) {
  return RunBatch(*this, TxMode::kRead, calls);
}

}  // namespace stroem::storage::internal
