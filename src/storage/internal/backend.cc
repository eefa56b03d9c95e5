#include "storage/internal/backend.h"

namespace stroem::storage::internal {

Result<std::vector<QueryResult>> Backend::TransactBatch(std::span<const Call> calls) {
  std::vector<QueryResult> out;
  auto status = Transact(TxMode::kWrite, [&](Session& session) -> Result<void> {
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

}  // namespace stroem::storage::internal
