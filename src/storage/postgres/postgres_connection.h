// One libpq connection with its prepared statements: a Session for the backend's pool.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "storage/internal/backend.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace stroem::storage::postgres {

class PgConnection final : public internal::Session {
 public:
  // Connects to `url`; errors are kUnavailable and name `redacted_url`.
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& url,
                                                       const std::string& redacted_url,
                                                       int connect_timeout_seconds);
  ~PgConnection() override;

  Result<internal::QueryResult> Run(internal::Statement statement,
                                    std::span<const internal::Param> params) override;
  Result<void> RunScript(const std::string& sql) override;
  // Sends `calls` in one pipeline (one round trip) as one implicit transaction: committed
  // if every statement succeeds, rolled back otherwise. Not inside a BEGIN.
  Result<std::vector<internal::QueryResult>> RunPipeline(std::span<const internal::Call> calls);

  // True once the server went away: the pool drops this connection instead of reusing it.
  bool Broken() const;
  // For an idle connection: false if the server has closed it meanwhile (a restart, a
  // crash, pg_terminate_backend, idle_session_timeout). One poll() when nothing is waiting.
  bool StillOpen();
  // SQLSTATE of the last failed command ("" if none): the backend retries 40001/40P01.
  const std::string& LastSqlState() const { return last_sqlstate_; }

 private:
  PgConnection(PGconn* conn, std::string redacted_url)
      : conn_(conn), redacted_url_(std::move(redacted_url)) {}
  Result<void> Prepare(internal::Statement statement);
  // Turns a finished command into a QueryResult or an Error; frees `result`.
  Result<internal::QueryResult> Collect(PGresult* result);
  Result<std::vector<internal::QueryResult>> ReadPipeline(size_t statements);
  // The error for a command libpq could not run (connection lost): kUnavailable.
  tl::unexpected<Error> CommandFailed();

  PGconn* conn_;
  std::string redacted_url_;
  std::string last_sqlstate_;
  bool broken_ = false;  // a pipeline could not be left cleanly
  std::array<bool, static_cast<size_t>(internal::Statement::kCount)> prepared_{};
};

}  // namespace stroem::storage::postgres
