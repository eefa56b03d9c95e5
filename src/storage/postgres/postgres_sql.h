// The PostgreSQL dialect: schema migrations and the SQL text of every Statement.
#pragma once

#include <span>

#include "storage/internal/backend.h"

namespace stroem::storage::postgres {

// Numbered migrations: element i brings the schema from version i to i + 1.
std::span<const char* const> Migrations();
inline constexpr const char* kVersionTableDdl =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";

// SQL for `statement`, prepared once per connection; parameters are `$1`, `$2`, … as text.
const char* StatementSql(internal::Statement statement);

}  // namespace stroem::storage::postgres
