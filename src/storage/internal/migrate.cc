#include "storage/internal/rows.h"
#include "storage/internal/sql_store.h"

namespace stroem::storage::internal {
namespace {

Result<std::int64_t> CurrentVersion(Session& session, const Backend& backend) {
  // The lock comes first: concurrent replicas must not both create the version table.
  if (auto r = Run(session, Statement::kMigrationLock); !r) return tl::unexpected(r.error());
  if (auto r = session.RunScript(backend.VersionTableDdl()); !r) return tl::unexpected(r.error());
  auto version = Run(session, Statement::kSchemaVersion);
  if (!version) return tl::unexpected(version.error());
  if (version->rows.empty() || !version->rows[0][0]) return 0;
  return std::stoll(*version->rows[0][0]);
}

}  // namespace

Result<void> Migrate(Backend& backend, const Clock& clock) {
  return backend.Transact(TxMode::kWrite, [&](Session& session) -> Result<void> {
    auto current = CurrentVersion(session, backend);
    if (!current) return tl::unexpected(current.error());
    auto migrations = backend.Migrations();
    const auto latest = static_cast<std::int64_t>(migrations.size());
    if (*current > latest) {
      return Fail(ErrorCode::kInvalidArgument,
                  backend.Name() + ": database schema version " + std::to_string(*current) +
                      " is newer than this build supports (version " + std::to_string(latest) +
                      "); upgrade stroem or use another database");
    }
    for (std::int64_t v = *current; v < latest; ++v) {
      if (auto r = session.RunScript(migrations[v]); !r) return r;
      auto r = Run(session, Statement::kRecordVersion, {v + 1, TimeParam(clock.Now())});
      if (!r) return tl::unexpected(r.error());
    }
    return Ok();
  });
}

Result<std::unique_ptr<Store>> StartSqlStore(std::unique_ptr<Backend> backend, const Clock& clock,
                                             const StoreOptions& options) {
  if (auto r = backend->Connect(); !r) return tl::unexpected(r.error());
  if (auto r = Migrate(*backend, clock); !r) return tl::unexpected(r.error());
  return std::make_unique<SqlStore>(std::move(backend), clock, options);
}

}  // namespace stroem::storage::internal
