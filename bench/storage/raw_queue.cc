#include "raw_queue.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace stroem::bench {
namespace {

using Clock = std::chrono::steady_clock;

void Check(bool ok, const char* what, const char* detail) {
  if (ok) return;
  std::fprintf(stderr, "raw queue: %s: %s\n", what, detail);
  std::exit(1);
}

template <typename Client>
double TimeClients(int steps, int clients, Client client) {
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) threads.emplace_back(client, c);
  for (auto& t : threads) t.join();
  return steps / std::chrono::duration<double>(Clock::now() - start).count();
}

void SqliteExec(sqlite3* db, const char* sql) {
  Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK, sql, sqlite3_errmsg(db));
}

// One claim + complete; false when the queue is empty. A completion of several statements
// is one transaction.
bool SqliteClaimAndComplete(sqlite3* db, sqlite3_stmt* claim,
                            const std::vector<sqlite3_stmt*>& done, std::mutex& mu) {
  std::int64_t id = 0;
  {
    std::lock_guard lock(mu);
    SqliteExec(db, "BEGIN IMMEDIATE");
    const int rc = sqlite3_step(claim);
    if (rc == SQLITE_ROW) id = sqlite3_column_int64(claim, 0);
    sqlite3_reset(claim);
    SqliteExec(db, "COMMIT");
  }
  if (id == 0) return false;
  std::lock_guard lock(mu);
  if (done.size() > 1) SqliteExec(db, "BEGIN IMMEDIATE");
  for (sqlite3_stmt* stmt : done) {
    sqlite3_bind_int64(stmt, 1, id);
    Check(sqlite3_step(stmt) == SQLITE_DONE, "complete", sqlite3_errmsg(db));
    sqlite3_reset(stmt);
  }
  if (done.size() > 1) SqliteExec(db, "COMMIT");
  return true;
}

}  // namespace

double RawSqliteQueue(const std::string& path, int steps, int steps_per_job, int clients,
                      Queue queue) {
  const bool floor = queue == Queue::kFloor;
  sqlite3* setup = nullptr;
  sqlite3_open(path.c_str(), &setup);
  SqliteExec(setup, floor ? "PRAGMA journal_mode = WAL; CREATE TABLE raw_queue (id INTEGER "
                            "PRIMARY KEY, status TEXT NOT NULL, worker INTEGER, result TEXT, "
                            "job INTEGER NOT NULL, attempt TEXT);"
                            "CREATE INDEX raw_running ON raw_queue (attempt) "
                            "WHERE status = 'running';"
                            "CREATE TABLE raw_job (id INTEGER PRIMARY KEY, done INTEGER NOT NULL);"
                          : "PRAGMA journal_mode = WAL; CREATE TABLE raw_queue (id INTEGER "
                            "PRIMARY KEY, status TEXT NOT NULL, worker INTEGER, result TEXT);");
  SqliteExec(setup, "CREATE INDEX raw_ready ON raw_queue (id) WHERE status = 'ready'; BEGIN");
  for (int i = 0; i < steps; ++i) {
    const std::string job = std::to_string(i / steps_per_job + 1);
    if (!floor) {
      SqliteExec(setup, "INSERT INTO raw_queue (status) VALUES ('ready')");
      continue;
    }
    SqliteExec(setup,
               ("INSERT INTO raw_queue (status, job) VALUES ('ready', " + job + ")").c_str());
    if (i % steps_per_job == 0)
      SqliteExec(setup, ("INSERT INTO raw_job VALUES (" + job + ", 0)").c_str());
  }
  SqliteExec(setup, "COMMIT");
  sqlite3_close(setup);
  std::mutex mu;
  return TimeClients(steps, clients, [&](int client) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
    SqliteExec(db, "PRAGMA synchronous = NORMAL");
    const std::string claim_sql =
        "UPDATE raw_queue SET status = 'running', worker = " + std::to_string(client) +
        (floor ? ", attempt = hex(randomblob(16))" : "") +
        " WHERE id = (SELECT id FROM raw_queue WHERE status = 'ready' ORDER BY id LIMIT 1) "
        "RETURNING id";
    std::vector<const char*> done_sql = {
        "UPDATE raw_queue SET status = 'done', result = '{}' WHERE id = ?1"};
    if (floor)
      done_sql.push_back(
          "UPDATE raw_job SET done = done + 1 WHERE id = (SELECT job FROM raw_queue WHERE id = "
          "?1)");
    sqlite3_stmt* claim = nullptr;
    sqlite3_prepare_v2(db, claim_sql.c_str(), -1, &claim, nullptr);
    std::vector<sqlite3_stmt*> done(done_sql.size());
    for (size_t i = 0; i < done.size(); ++i)
      sqlite3_prepare_v2(db, done_sql[i], -1, &done[i], nullptr);
    while (SqliteClaimAndComplete(db, claim, done, mu)) {
    }
    sqlite3_finalize(claim);
    for (sqlite3_stmt* stmt : done) sqlite3_finalize(stmt);
    sqlite3_close(db);
  });
}

void PostgresAdmin(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  Check(PQstatus(conn) == CONNECTION_OK, "connect", PQerrorMessage(conn));
  PGresult* r = PQexec(conn, sql.c_str());
  Check(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, sql.c_str(),
        PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(conn);
}

double RawPostgresQueue(const std::string& url, int steps, int steps_per_job, int clients,
                        Queue queue) {
  const bool floor = queue == Queue::kFloor;
  const std::string n = std::to_string(steps);
  const std::string per_job = std::to_string(steps_per_job);
  PostgresAdmin(url, std::string("CREATE TABLE raw_queue (id bigserial PRIMARY KEY, status text "
                                 "NOT NULL, worker int, result jsonb") +
                         (floor ? ", job int NOT NULL, attempt uuid); "
                                  "CREATE INDEX raw_running ON raw_queue (attempt) "
                                  "WHERE status = 'running'; "
                                  "CREATE TABLE raw_job (id int PRIMARY KEY, done int NOT NULL); "
                                : "); ") +
                         "CREATE INDEX raw_ready ON raw_queue (id) WHERE status = 'ready'");
  PostgresAdmin(url, floor ? "INSERT INTO raw_job SELECT g, 0 FROM generate_series(1, " + n +
                                 " / " + per_job +
                                 ") g; "
                                 "INSERT INTO raw_queue (status, job) SELECT 'ready', (g - 1) / " +
                                 per_job + " + 1 FROM generate_series(1, " + n + ") g"
                           : "INSERT INTO raw_queue (status) SELECT 'ready' FROM "
                             "generate_series(1, " +
                                 n + ")");
  return TimeClients(steps, clients, [&](int client) {
    PGconn* conn = PQconnectdb(url.c_str());
    // As the Store's connections: without it the planner, on a fresh table's statistics,
    // may claim by a bitmap scan of every ready row plus a sort (docs/performance.md),
    // and single rounds of the baseline ran 5x slower.
    PQclear(PQexec(conn, "SET enable_bitmapscan = off"));
    const std::string claim =
        std::string("UPDATE raw_queue SET status = 'running', worker = $1::int") +
        (floor ? ", attempt = gen_random_uuid()" : "") +
        " WHERE id = (SELECT id FROM raw_queue WHERE status = 'ready' ORDER BY id LIMIT 1 "
        "FOR UPDATE SKIP LOCKED) RETURNING id";
    // The floor's completion is one statement too: one round trip, as the Store's batch.
    const char* done =
        floor ? "WITH d AS (UPDATE raw_queue SET status = 'done', result = '{}' "
                "WHERE id = $1::int8 RETURNING job) "
                "UPDATE raw_job SET done = done + 1 WHERE id = (SELECT job FROM d)"
              : "UPDATE raw_queue SET status = 'done', result = '{}' WHERE id = $1::int8";
    PQclear(PQprepare(conn, "claim", claim.c_str(), 0, nullptr));
    PQclear(PQprepare(conn, "done", done, 0, nullptr));
    const std::string worker = std::to_string(client);
    for (;;) {
      const char* claim_params[] = {worker.c_str()};
      PGresult* r = PQexecPrepared(conn, "claim", 1, claim_params, nullptr, nullptr, 0);
      Check(PQresultStatus(r) == PGRES_TUPLES_OK, "claim", PQresultErrorMessage(r));
      if (PQntuples(r) == 0) {
        PQclear(r);
        break;
      }
      std::string id = PQgetvalue(r, 0, 0);
      PQclear(r);
      const char* done_params[] = {id.c_str()};
      r = PQexecPrepared(conn, "done", 1, done_params, nullptr, nullptr, 0);
      Check(PQresultStatus(r) == PGRES_COMMAND_OK, "complete", PQresultErrorMessage(r));
      PQclear(r);
    }
    PQfinish(conn);
  });
}

}  // namespace stroem::bench
