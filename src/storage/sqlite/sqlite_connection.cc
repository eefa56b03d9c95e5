#include "storage/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>

#include "storage/sqlite/sqlite_sql.h"

namespace stroem::storage::sqlite {
namespace {

using internal::Param;
using internal::QueryResult;
using internal::Row;

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return ErrorCode::kInvalidArgument;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

Row ReadRow(sqlite3_stmt* stmt) {
  const int columns = sqlite3_column_count(stmt);
  Row row(columns);
  for (int i = 0; i < columns; ++i) {
    if (sqlite3_column_type(stmt, i) == SQLITE_NULL) continue;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
    row[i].emplace(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i)));
  }
  return row;
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, path));
  if (rc != SQLITE_OK) return tl::unexpected(conn->ToError(rc));
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // The first statement that reads the file is where a non-database file shows up.
  auto setup = conn->RunScript(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
  if (!setup) return tl::unexpected(setup.error());
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (const auto& statements : prepared_)
    for (const PreparedSql& sql : statements) sqlite3_finalize(sql.stmt);
  for (sqlite3_stmt* stmt : control_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Error SqliteConnection::ToError(int rc) const {
  std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if ((rc & 0xff) == SQLITE_BUSY) detail += " (busy timeout expired)";
  return Error{CodeFor(rc), "SQLite database " + path_ + ": " + detail};
}

Result<const std::vector<SqliteConnection::PreparedSql>*> SqliteConnection::Prepared(
    internal::Statement statement) {
  std::vector<PreparedSql>& slot = prepared_[static_cast<size_t>(statement)];
  if (!slot.empty()) return &slot;
  std::vector<PreparedSql> statements;
  for (const char* sql = StatementSql(statement); sql && *sql;) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &sql);
    if (rc != SQLITE_OK) {
      for (const PreparedSql& done : statements) sqlite3_finalize(done.stmt);
      return tl::unexpected(ToError(rc));
    }
    if (!stmt) continue;  // a trailing blank or comment
    PreparedSql prepared{stmt, {}};
    for (int index = 1; index <= sqlite3_bind_parameter_count(stmt); ++index) {
      const char* name = sqlite3_bind_parameter_name(stmt, index);  // "$k"
      const int k = name && name[0] == '$' ? std::atoi(name + 1) : 0;
      if (k <= 0) continue;
      if (prepared.param_index.size() < static_cast<size_t>(k)) prepared.param_index.resize(k);
      prepared.param_index[k - 1] = index;
    }
    statements.push_back(std::move(prepared));
  }
  slot = std::move(statements);
  return &slot;
}

Result<void> SqliteConnection::Bind(const PreparedSql& sql, std::span<const Param> params) {
  const size_t bound = std::min(params.size(), sql.param_index.size());
  for (size_t i = 0; i < bound; ++i) {
    const int index = sql.param_index[i];
    if (index == 0) continue;  // this statement does not use the parameter
    int rc = SQLITE_OK;
    if (const auto* text = std::get_if<std::string>(&params[i])) {
      rc = sqlite3_bind_text(sql.stmt, index, text->data(), static_cast<int>(text->size()),
                             SQLITE_TRANSIENT);
    } else if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(sql.stmt, index, *number);
    } else {
      rc = sqlite3_bind_null(sql.stmt, index);
    }
    if (rc != SQLITE_OK) return tl::unexpected(ToError(rc));
  }
  return Ok();
}

Result<void> SqliteConnection::Step(const PreparedSql& sql, std::span<const Param> params,
                                    QueryResult& out) {
  // Reset on every exit so a statement never holds a read lock between calls.
  struct Resetter {
    sqlite3_stmt* s;
    ~Resetter() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } resetter{sql.stmt};
  if (auto bound = Bind(sql, params); !bound) return bound;
  int rc;
  while ((rc = sqlite3_step(sql.stmt)) == SQLITE_ROW) out.rows.push_back(ReadRow(sql.stmt));
  if (rc != SQLITE_DONE) return tl::unexpected(ToError(rc));
  return Ok();
}

// The rows of all its SQL statements; `affected` counts the rows changed by the last one
// that changed rows (sqlite3_changes).
Result<QueryResult> SqliteConnection::Run(internal::Statement statement,
                                          std::span<const Param> params) {
  auto statements = Prepared(statement);
  if (!statements) return tl::unexpected(statements.error());
  QueryResult out;
  for (const PreparedSql& sql : **statements)
    if (auto stepped = Step(sql, params, out); !stepped) return tl::unexpected(stepped.error());
  out.affected = sqlite3_changes64(db_);
  return out;
}

Result<void> SqliteConnection::RunScript(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return tl::unexpected(ToError(rc));
  return Ok();
}

Result<void> SqliteConnection::Run(Control control) {
  static constexpr const char* kSql[] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
  sqlite3_stmt*& stmt = control_[static_cast<size_t>(control)];
  if (!stmt) {
    const int rc = sqlite3_prepare_v3(db_, kSql[static_cast<size_t>(control)], -1,
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(ToError(rc));
  }
  const int rc = sqlite3_step(stmt);
  auto out = rc == SQLITE_DONE ? Result<void>{} : tl::unexpected(ToError(rc));
  sqlite3_reset(stmt);
  return out;
}

}  // namespace stroem::storage::sqlite
