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

  // Transaction control through statements prepared once per connection (sqlite3_exec would
  // parse the text at every transaction).
  enum class Control { kBegin, kBeginImmediate, kCommit, kRollback };
  Result<void> Run(Control control);

 private:
  SqliteConnection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  // One prepared SQL statement and, for each parameter `$k`, its SQLite index at k - 1 (0:
  // not used by this statement), found once at preparation rather than by name per bind.
  struct PreparedSql {
    sqlite3_stmt* stmt;
    std::vector<int> param_index;
  };
  // The statement's text may hold several SQL statements (SQLite has no data-modifying
  // WITH): one prepared statement each, run in order by Run.
  Result<const std::vector<PreparedSql>*> Prepared(internal::Statement statement);
  Result<void> Bind(const PreparedSql& sql, std::span<const internal::Param> params);
  Result<void> Step(const PreparedSql& sql, std::span<const internal::Param> params,
                    internal::QueryResult& out);
  // An Error for SQLite result code `rc`, naming the file.
  Error ToError(int rc) const;

  sqlite3* db_;
  std::string path_;
  std::array<std::vector<PreparedSql>, static_cast<size_t>(internal::Statement::kCount)>
      prepared_{};
  std::array<sqlite3_stmt*, 4> control_{};  // by Control, prepared on first use
};

}  // namespace stroem::storage::sqlite
