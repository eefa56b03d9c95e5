// PgBackend: a thread-safe pool of libpq connections that replaces lost ones with backoff.
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/internal/sql_store.h"
#include "storage/postgres/postgres_connection.h"
#include "storage/postgres/postgres_sql.h"
#include "storage/postgres/postgres_store.h"

namespace stroem::storage::postgres {
namespace {

using internal::Session;
using internal::TxMode;
using Steady = std::chrono::steady_clock;
using Body = std::function<Result<void>(Session&)>;

constexpr int kSerializationRetries = 3;
constexpr std::chrono::milliseconds kMaxBackoff{5000};

class PgBackend final : public internal::Backend {
 public:
  PgBackend(std::string url, const StoreOptions& options)
      : url_(std::move(url)),
        redacted_(RedactUrl(url_)),
        connect_timeout_(static_cast<int>(options.connect_timeout.count())),
        check_idle_after_(options.check_idle_after),
        pool_size_(std::max(1, options.pool_size)) {}

  // One connection now, so a bad URL or a down server fails at start.
  Result<void> Connect() override {
    auto conn = PgConnection::Connect(url_, redacted_, connect_timeout_);
    if (!conn) return tl::unexpected(conn.error());
    idle_.push_back({std::move(*conn), Steady::now()});
    opened_ = 1;
    return Ok();
  }

  Result<void> Transact(TxMode mode, const Body& body) override {
    for (int attempt = 0;; ++attempt) {
      auto conn = Acquire();
      if (!conn) return tl::unexpected(conn.error());
      Result<void> result = RunTransaction(**conn, body);
      const bool retry = !result && attempt < kSerializationRetries && Retryable(**conn);
      Release(std::move(*conn));
      if (!retry) return result;
    }
  }

  // One pipeline: one round trip for the whole transaction.
  Result<std::vector<internal::QueryResult>> TransactBatch(
      std::span<const internal::Call> calls) override {
    return Pipeline(calls);
  }

  // One pipeline (one implicit transaction): reads need no explicit BEGIN/COMMIT either.
  Result<std::vector<internal::QueryResult>> ReadBatch(
      std::span<const internal::Call> calls) override {
    return Pipeline(calls);
  }

  Result<std::vector<internal::QueryResult>> Pipeline(std::span<const internal::Call> calls) {
    for (int attempt = 0;; ++attempt) {
      auto conn = Acquire();
      if (!conn) return tl::unexpected(conn.error());
      auto result = (*conn)->RunPipeline(calls);
      const bool retry = !result && attempt < kSerializationRetries && Retryable(**conn);
      Release(std::move(*conn));
      if (!retry) return result;
    }
  }

  std::span<const char* const> Migrations() const override { return postgres::Migrations(); }
  const char* VersionTableDdl() const override { return kVersionTableDdl; }
  const std::string& Name() const override { return redacted_; }
  bool CallsCostRoundTrips() const override { return true; }

 private:
  // A serialization failure or a deadlock: the transaction was rolled back, run it again.
  static bool Retryable(const PgConnection& conn) {
    return conn.LastSqlState() == "40001" || conn.LastSqlState() == "40P01";
  }

  static Result<void> RunTransaction(PgConnection& conn, const Body& body) {
    if (auto begin = conn.RunScript("BEGIN"); !begin) return begin;
    auto result = body(conn);
    if (result) result = conn.RunScript("COMMIT");
    if (!result && !conn.Broken()) (void)conn.RunScript("ROLLBACK");
    return result;
  }

  // A connection idle for check_idle_after that the server closed meanwhile is dropped here,
  // before a call fails on it: after a database restart the calls go to new connections
  // instead of failing once per connection the pool held.
  Result<std::unique_ptr<PgConnection>> Acquire() {
    std::unique_lock lock(mu_);
    available_.wait(lock, [&] { return !idle_.empty() || opened_ < pool_size_; });
    while (!idle_.empty()) {
      Idle idle = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (Steady::now() - idle.since < check_idle_after_ || idle.conn->StillOpen())
        return std::move(idle.conn);
      idle.conn.reset();
      lock.lock();
      --opened_;
      available_.notify_one();  // a waiter may open a connection in its place
    }
    if (Steady::now() < next_connect_) {
      return Fail(ErrorCode::kUnavailable,
                  "PostgreSQL " + redacted_ + " unavailable; reconnecting with backoff");
    }
    ++opened_;
    lock.unlock();
    return OpenNew();
  }

  // Outside mu_: connecting can take up to connect_timeout.
  Result<std::unique_ptr<PgConnection>> OpenNew() {
    auto conn = PgConnection::Connect(url_, redacted_, connect_timeout_);
    std::lock_guard lock(mu_);
    if (conn) {
      backoff_ = std::chrono::milliseconds{0};  // healthy again: next failure retries at once
      return conn;
    }
    --opened_;
    backoff_ = std::clamp(backoff_ * 2, std::chrono::milliseconds{100}, kMaxBackoff);
    next_connect_ = Steady::now() + backoff_;
    available_.notify_one();
    return conn;
  }

  void Release(std::unique_ptr<PgConnection> conn) {
    std::lock_guard lock(mu_);
    if (conn->Broken()) {
      --opened_;  // dropped: the next Acquire opens a fresh connection
    } else {
      idle_.push_back({std::move(conn), Steady::now()});
    }
    available_.notify_one();
  }

  struct Idle {
    std::unique_ptr<PgConnection> conn;
    Steady::time_point since;
  };

  const std::string url_;
  const std::string redacted_;
  const int connect_timeout_;
  const std::chrono::milliseconds check_idle_after_;
  const int pool_size_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Idle> idle_;                // guarded by mu_
  int opened_ = 0;                        // guarded by mu_
  std::chrono::milliseconds backoff_{0};  // guarded by mu_
  Steady::time_point next_connect_{};     // guarded by mu_
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const Clock& clock,
                                                 const StoreOptions& options) {
  return internal::StartSqlStore(std::make_unique<PgBackend>(url, options), clock, options);
}

}  // namespace stroem::storage::postgres
