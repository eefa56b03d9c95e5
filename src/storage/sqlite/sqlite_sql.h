// The SQLite dialect: schema migrations and the SQL text of every Statement.
#pragma once

#include <span>

#include "storage/internal/backend.h"

namespace stroem::storage::sqlite {

// Numbered migrations: element i brings the schema from version i to i + 1.
std::span<const char* const> Migrations();
inline constexpr const char* kVersionTableDdl =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

// SQL for `statement`; parameters are named `$1`, `$2`, … and bound by name.
const char* StatementSql(internal::Statement statement);

}  // namespace stroem::storage::sqlite
