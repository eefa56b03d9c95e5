// The SQLite backend (the default): one database file in WAL mode. Light header: no sqlite3.h.
#pragma once

#include <memory>
#include <string>

#include "storage/store.h"

namespace stroem::storage::sqlite {

// Opens or creates the database at `path` and migrates it. Write transactions are
// serialised inside the process (BEGIN IMMEDIATE behind a mutex) and wait at most
// options.busy_timeout for other processes; reads run in parallel on pooled connections.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const Clock& clock,
                                               const StoreOptions& options);

}  // namespace stroem::storage::sqlite
