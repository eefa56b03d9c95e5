#include "storage/postgres/postgres_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>
#include <optional>
#include <vector>

#include "common/log.h"
#include "storage/postgres/postgres_sql.h"

namespace stroem::storage::postgres {
namespace {

using internal::Param;
using internal::QueryResult;

ErrorCode CodeFor(const std::string& sqlstate, bool broken) {
  if (broken) return ErrorCode::kUnavailable;
  const std::string cls = sqlstate.substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "57" || cls == "40") return ErrorCode::kUnavailable;
  if (sqlstate == "23505") return ErrorCode::kConflict;
  if (cls == "22" || cls == "23") return ErrorCode::kInvalidArgument;
  return ErrorCode::kInternal;
}

std::string StatementName(internal::Statement statement) {
  return "stroem_" + std::to_string(static_cast<int>(statement));
}

// Parameters as the C strings libpq takes; NULL for a null parameter.
class ParamTexts {
 public:
  explicit ParamTexts(std::span<const Param> params)
      : texts_(params.size()), values_(params.size(), nullptr) {
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* text = std::get_if<std::string>(&params[i])) {
        values_[i] = text->c_str();
      } else if (const auto* number = std::get_if<std::int64_t>(&params[i])) {
        texts_[i] = std::to_string(*number);
        values_[i] = texts_[i].c_str();
      }
    }
  }
  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> values_;
};

std::string Trimmed(const char* message) {
  std::string out = message ? message : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// What the server says outside a command's result goes to the process log, in its format,
// instead of libpq's default: raw lines on stderr, which break a JSON log. Notices (NOTICE,
// INFO, LOG, DEBUG: the version table's "already exists, skipping" at every start) are for
// debugging; a WARNING, or the error a server sends a connection it is closing, is a
// warning.
void LogNotice(void* redacted_url, const PGresult* notice) {
  const std::string severity = Trimmed(PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED));
  const bool trouble =
      severity == "WARNING" || severity == "ERROR" || severity == "FATAL" || severity == "PANIC";
  Log(trouble ? LogLevel::kWarn : LogLevel::kDebug,
      "PostgreSQL " + *static_cast<const std::string*>(redacted_url) + ": " +
          Trimmed(PQresultErrorMessage(notice)));
}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& url,
                                                            const std::string& redacted_url,
                                                            int connect_timeout_seconds) {
  const std::string timeout = std::to_string(connect_timeout_seconds);
  const char* keys[] = {"dbname", "connect_timeout", nullptr};
  const char* values[] = {url.c_str(), timeout.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  std::unique_ptr<PgConnection> out(new PgConnection(conn, redacted_url));
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    return Fail(ErrorCode::kUnavailable, "cannot connect to PostgreSQL at " + redacted_url + ": " +
                                             Trimmed(PQerrorMessage(conn)));
  }
  PQsetNoticeReceiver(conn, LogNotice, &out->redacted_url_);
  // The claim must walk the ready index in FIFO order and stop at the first claimable row.
  // With stale statistics (a new database, or statistics taken while nothing was ready) the
  // planner estimates a handful of ready rows and prefers a bitmap scan of all of them plus
  // a sort: every claim then reads the whole backlog. Without bitmap scans the ordered index
  // scan is the cheapest plan at any estimate; the store's other statements are primary-key
  // or ordered-index lookups that do not use bitmap scans either.
  if (auto set = out->RunScript("SET enable_bitmapscan = off"); !set)
    return tl::unexpected(set.error());
  return out;
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::Broken() const {
  return broken_ || PQstatus(conn_) != CONNECTION_OK;
}

// An idle connection has nothing to read: the server sends nothing unprompted but the
// message it closes a connection with. Whatever is readable is read until nothing is: the
// closing message (read, not parsed: it is dropped with the connection), then the end of
// the stream, which marks the connection bad. A connection that only had a notice waiting
// is kept.
bool PgConnection::StillOpen() {
  pollfd idle{PQsocket(conn_), POLLIN, 0};
  for (int reads = 0; !Broken() && ::poll(&idle, 1, 0) > 0; ++reads)
    if (reads == 8 || PQconsumeInput(conn_) == 0) broken_ = true;  // 8: not an idle server
  return !Broken();
}

Result<QueryResult> PgConnection::Collect(PGresult* result) {
  std::unique_ptr<PGresult, void (*)(PGresult*)> guard(result, PQclear);
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    last_sqlstate_.clear();
    QueryResult out;
    const char* affected = PQcmdTuples(result);
    std::from_chars(affected, affected + std::char_traits<char>::length(affected), out.affected);
    for (int r = 0; r < PQntuples(result); ++r) {
      internal::Row& row = out.rows.emplace_back(PQnfields(result));
      for (int c = 0; c < PQnfields(result); ++c)
        if (!PQgetisnull(result, r, c))
          row[c].emplace(PQgetvalue(result, r, c), PQgetlength(result, r, c));
    }
    return out;
  }
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = sqlstate ? sqlstate : "";
  const std::string message =
      Trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  return Fail(CodeFor(last_sqlstate_, Broken()), "PostgreSQL " + redacted_url_ + ": " + message);
}

tl::unexpected<Error> PgConnection::CommandFailed() {
  return tl::unexpected(Collect(nullptr).error());
}

Result<void> PgConnection::Prepare(internal::Statement statement) {
  bool& done = prepared_[static_cast<size_t>(statement)];
  if (done) return Ok();
  auto r = Collect(
      PQprepare(conn_, StatementName(statement).c_str(), StatementSql(statement), 0, nullptr));
  if (!r) return tl::unexpected(r.error());
  done = true;
  return Ok();
}

Result<QueryResult> PgConnection::Run(internal::Statement statement,
                                      std::span<const Param> params) {
  if (auto prepared = Prepare(statement); !prepared) return tl::unexpected(prepared.error());
  const ParamTexts texts(params);
  return Collect(PQexecPrepared(conn_, StatementName(statement).c_str(), texts.size(),
                                texts.values(), nullptr, nullptr, 0));
}

Result<std::vector<QueryResult>> PgConnection::RunPipeline(std::span<const internal::Call> calls) {
  for (const auto& call : calls)
    if (auto prepared = Prepare(call.statement); !prepared) return tl::unexpected(prepared.error());
  if (PQenterPipelineMode(conn_) != 1) return CommandFailed();
  bool sent = true;
  for (const auto& call : calls) {
    const ParamTexts texts(call.params);
    sent = sent && PQsendQueryPrepared(conn_, StatementName(call.statement).c_str(), texts.size(),
                                       texts.values(), nullptr, nullptr, 0) == 1;
  }
  // Until the sync the statements form one implicit transaction, committed at the sync and
  // rolled back as a whole if one fails.
  sent = sent && PQpipelineSync(conn_) == 1;
  auto out = sent ? ReadPipeline(calls.size()) : CommandFailed();
  if (PQexitPipelineMode(conn_) != 1) broken_ = true;  // results left unread: do not reuse
  return out;
}

// Reads one result per statement and the sync. The first failure is the error; the
// statements after it were skipped by the server (PGRES_PIPELINE_ABORTED).
Result<std::vector<QueryResult>> PgConnection::ReadPipeline(size_t statements) {
  std::vector<QueryResult> out;
  std::optional<Error> error;
  for (size_t i = 0; i < statements; ++i) {
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) return CommandFailed();  // connection lost
    if (!error) {
      auto r = Collect(result);
      if (r)
        out.push_back(std::move(*r));
      else
        error = r.error();
    } else {
      PQclear(result);
    }
    while ((result = PQgetResult(conn_)) != nullptr) PQclear(result);  // ends this statement
  }
  PGresult* sync = PQgetResult(conn_);
  const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced && !error) return CommandFailed();
  if (error) return tl::unexpected(*error);
  return out;
}

Result<void> PgConnection::RunScript(const std::string& sql) {
  auto r = Collect(PQexec(conn_, sql.c_str()));
  if (!r) return tl::unexpected(r.error());
  return Ok();
}

}  // namespace stroem::storage::postgres
