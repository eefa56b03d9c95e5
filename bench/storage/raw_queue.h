// The baseline: a minimal claim/complete queue in raw SQL with no Store around it, on the same
// database the Store benchmark uses. What the Store must stay within 2x of.
#pragma once

#include <string>

namespace stroem::bench {

// kRaw: one table, a claim UPDATE and a complete UPDATE. kFloor: the raw queue plus the two
// things no Store can leave out, to show what the Store could reach at best: an index that
// finds running attempts by id (heartbeats, the lease sweep) and, in the completion's
// transaction, an update of the step's job row, which serialises the completions of one
// job so that the last one knows it is last.
enum class Queue { kRaw, kFloor };

// Creates `steps` ready rows (jobs of `steps_per_job`), then `clients` threads claim and
// complete them until none is left. Returns completed pairs per second. SQLite writers
// share one in-process mutex, as the SQLite store's do (otherwise the figure measures
// SQLite's busy-sleep, not SQL).
double RawSqliteQueue(const std::string& path, int steps, int steps_per_job, int clients,
                      Queue queue);
double RawPostgresQueue(const std::string& url, int steps, int steps_per_job, int clients,
                        Queue queue);

// Runs one statement on a PostgreSQL URL (database setup); aborts on error.
void PostgresAdmin(const std::string& url, const std::string& sql);

}  // namespace stroem::bench
