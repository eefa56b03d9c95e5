// The baseline: a minimal claim/complete queue in raw SQL with no Store around it, on the same
// database the Store benchmark uses. What the Store must stay within 2x of.
#pragma once

#include <string>

namespace stroem::bench {

// Creates `steps` ready rows, then `clients` threads claim and complete them until none is
// left. Returns completed pairs per second. SQLite writers share one in-process mutex, as
// the SQLite store's do (otherwise the figure measures SQLite's busy-sleep, not SQL).
double RawSqliteQueue(const std::string& path, int steps, int clients);
double RawPostgresQueue(const std::string& url, int steps, int clients);

// Runs one statement on a PostgreSQL URL (database setup); aborts on error.
void PostgresAdmin(const std::string& url, const std::string& sql);

}  // namespace stroem::bench
