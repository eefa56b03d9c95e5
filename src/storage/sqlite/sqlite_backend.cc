// SqliteBackend: a small pool of connections to one file and its transactions.
#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/internal/sql_store.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/sqlite/sqlite_sql.h"
#include "storage/sqlite/sqlite_store.h"

namespace stroem::storage::sqlite {
namespace {

using internal::Session;
using internal::TxMode;

class SqliteBackend final : public internal::Backend {
 public:
  SqliteBackend(std::string path, const StoreOptions& options)
      : path_(std::move(path)),
        busy_timeout_ms_(static_cast<int>(options.busy_timeout.count())),
        pool_size_(std::max(1, options.pool_size)) {}

  // Opens the first connection now so a bad file fails at start, not at first use.
  Result<void> Connect() override {
    auto conn = SqliteConnection::Open(path_, busy_timeout_ms_);
    if (!conn) return tl::unexpected(conn.error());
    idle_.push_back(std::move(*conn));
    opened_ = 1;
    return Ok();
  }

  Result<void> Transact(TxMode mode, const std::function<Result<void>(Session&)>& body) override {
    auto conn = Acquire();
    if (!conn) return tl::unexpected(conn.error());
    Result<void> result;
    {
      // One writer at a time in this process: waiting here is fair and cheap, whereas
      // SQLite's busy handler polls with sleeps. Other processes meet busy_timeout.
      std::unique_lock<std::mutex> write_lock(write_mu_, std::defer_lock);
      if (mode == TxMode::kWrite) write_lock.lock();
      result = RunTransaction(**conn, mode, body);
    }
    Release(std::move(*conn));
    return result;
  }

  std::span<const char* const> Migrations() const override { return sqlite::Migrations(); }
  const char* VersionTableDdl() const override { return kVersionTableDdl; }
  const std::string& Name() const override { return path_; }

 private:
  static Result<void> RunTransaction(SqliteConnection& conn, TxMode mode,
                                     const std::function<Result<void>(Session&)>& body) {
    using Control = SqliteConnection::Control;
    auto begin = conn.Run(mode == TxMode::kWrite ? Control::kBeginImmediate : Control::kBegin);
    if (!begin) return begin;
    auto result = body(conn);
    if (result) result = conn.Run(Control::kCommit);
    if (!result) (void)conn.Run(Control::kRollback);  // may fail if SQLite already rolled back
    return result;
  }

  Result<std::unique_ptr<SqliteConnection>> Acquire() {
    std::unique_lock lock(mu_);
    available_.wait(lock, [&] { return !idle_.empty() || opened_ < pool_size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++opened_;
    lock.unlock();
    auto conn = SqliteConnection::Open(path_, busy_timeout_ms_);
    if (!conn) {
      std::lock_guard relock(mu_);
      --opened_;
      available_.notify_one();
    }
    return conn;
  }

  void Release(std::unique_ptr<SqliteConnection> conn) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
    available_.notify_one();
  }

  const std::string path_;
  const int busy_timeout_ms_;
  const int pool_size_;
  std::mutex write_mu_;  // held for the whole of a write transaction
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // guarded by mu_
  int opened_ = 0;                                       // guarded by mu_
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const Clock& clock,
                                               const StoreOptions& options) {
  return internal::StartSqlStore(std::make_unique<SqliteBackend>(path, options), clock, options);
}

}  // namespace stroem::storage::sqlite
