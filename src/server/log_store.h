// LogStore: job logs on disk under log_storage.local_dir, one file per job
// (`<job_id>.jsonl`), one JSON record per output line:
//   {"ts":"2026-11-27T10:00:00.000000Z","stream":"stdout","step":"build","line":"..."}
// Appends of one chunk are a single write; a chunk numbered (attempt, seq) is
// stored once however often a worker retries it (the numbers are kept in a
// `<job_id>.chunks` side file, so this survives restarts). Readers go through
// the file in bounded pieces: no log is ever held in memory whole.
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"

namespace stroem::server {

struct LogRecord {
  std::string ts;      // RFC 3339
  std::string stream;  // "stdout" | "stderr"
  std::string step;    // "" when unknown (seed-style chunks)
  std::string line;    // without the newline
};

struct ChunkId {
  std::string attempt;
  int64_t seq = 0;
};

class LogStore {
 public:
  explicit LogStore(std::string dir);
  // Creates the directory. kUnavailable naming it when that fails.
  Result<void> Init();

  // Appends the records. Returns false (and writes nothing) when `chunk` was
  // already stored.
  Result<bool> Append(const std::string& job_id, const std::vector<LogRecord>& records,
                      const std::optional<ChunkId>& chunk);
  // The same for records already encoded (AppendLogRecord): `jsonl` is whole lines, each
  // ending in "\n", written as they are in one write.
  Result<bool> AppendEncoded(const std::string& job_id, std::string_view jsonl,
                             const std::optional<ChunkId>& chunk);

  // Reads complete records starting at byte `offset` of the job's log, up to
  // about `max_bytes`; advances `offset` past what it read. A missing file reads
  // as empty.
  Result<std::vector<LogRecord>> Read(const std::string& job_id, uint64_t& offset, size_t max_bytes) const;
  // The same, as the stored JSONL text: complete lines, each ending in "\n".
  // Readers that only pass records on (the log APIs) skip decoding this way.
  Result<std::string> ReadRaw(const std::string& job_id, uint64_t& offset,
                                      size_t max_bytes) const;

  uint64_t bytes_written() const;
  std::string PathOf(const std::string& job_id) const;

 private:
  std::mutex& StripeFor(const std::string& job_id);
  bool SeenChunk(const std::string& job_id, const std::string& key);            // stripe held
  Result<void> RecordChunk(const std::string& job_id, const std::string& key);  // stripe held

  std::string dir_;
  std::array<std::mutex, 64> stripes_;  // per-job serialisation of appends, by hash
  std::mutex seen_mu_;
  std::map<std::string, std::set<std::string>> seen_;  // job -> "attempt:seq"; guarded by seen_mu_
  std::atomic<uint64_t> bytes_written_{0};
};

// The record as its JSONL line (with the trailing newline).
std::string EncodeLogRecord(const LogRecord& record);
void AppendLogRecord(std::string& out, const LogRecord& record);
// The JSON-escaped text of a string field of a stored record (as this store
// writes them), without quotes; nullopt when it cannot be found that way.
std::optional<std::string_view> EscapedField(std::string_view record, std::string_view field);

// Parses one JSONL line; nullopt for a damaged line.
std::optional<LogRecord> DecodeLogRecord(std::string_view line);

}  // namespace stroem::server
