// One SQLite connection with its prepared statements: a Session for the backend's pool.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "storage/internal/backend.h"

struct sqlite3;
struct sqlite3_stmt;

namespace stroem::storage::sqlite {

class SqliteConnection final : public internal::Session {
 public:
  // Opens (creating if missing) `path` in WAL mode with `busy_timeout_ms`. kInvalidArgument
  // when the file is not a SQLite database, kUnavailable when it cannot be opened.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        int busy_timeout_ms);
  ~SqliteConnection() override;

  Result<internal::QueryResult> Run(internal::Statement statement,
                                    std::span<const internal::Param> params) override;
  Result<void> RunScript(const std::string& sql) override;

 private:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  // The statement's text may hold several SQL statements (SQLite has no data-modifying
  // WITH): one prepared statement each, run in order by Run.
  Result<const std::vector<sqlite3_stmt*>*> Prepared(internal::Statement statement);
  Result<void> Bind(sqlite3_stmt* stmt, std::span<const internal::Param> params);
  Result<void> Step(sqlite3_stmt* stmt, std::span<const internal::Param> params,
                    internal::QueryResult& out);
  // An Error for SQLite result code `rc`, naming the file.
  Error ToError(int rc) const;

  sqlite3* db_;
  std::string path_;
  std::array<std::vector<sqlite3_stmt*>, static_cast<size_t>(internal::Statement::kCount)>
      prepared_{};
};

}  // namespace stroem::storage::sqlite
