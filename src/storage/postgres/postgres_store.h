// The PostgreSQL backend: libpq, prepared statements, a pool that reconnects with backoff,
// FOR UPDATE SKIP LOCKED claims. Light header: no libpq-fe.h.
#pragma once

#include <memory>
#include <string>

#include "storage/store.h"

namespace stroem::storage::postgres {

// Connects (one connection now, the rest of the pool on demand) and migrates. Errors name
// the URL with its password as `***`. A connection lost later makes the calls using it
// return kUnavailable; the pool reconnects on a later call, backing off while it fails.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const Clock& clock,
                                                 const StoreOptions& options);

}  // namespace stroem::storage::postgres
