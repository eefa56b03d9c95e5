#include "server/log_store.h"

#include "common/json_text.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

namespace stroem::server {
namespace {

namespace json = boost::json;

// Bounded memory for chunk numbers: past this many jobs the cache is dropped
// and reloaded from the side files on demand.
constexpr size_t kMaxCachedJobs = 4096;

Result<void> WriteAll(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorCode::kUnavailable, "cannot open " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string err = std::strerror(errno);
      ::close(fd);
      return Fail(ErrorCode::kUnavailable, "cannot write " + path + ": " + err);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return Ok();
}

}  // namespace

void AppendLogRecord(std::string& out, const LogRecord& r) {
  out.append("{\"ts\":");
  AppendJsonString(out, r.ts);
  out.append(",\"stream\":");
  AppendJsonString(out, r.stream);
  out.append(",\"step\":");
  AppendJsonString(out, r.step);
  out.append(",\"line\":");
  AppendJsonString(out, r.line);
  out.append("}\n");
}

std::string EncodeLogRecord(const LogRecord& r) {
  std::string out;
  AppendLogRecord(out, r);
  return out;
}

std::optional<LogRecord> DecodeLogRecord(std::string_view line) {
  json::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  auto text = [&](const char* key) {
    const json::value* f = o.if_contains(key);
    return f && f->is_string() ? std::string(f->get_string()) : std::string();
  };
  return LogRecord{text("ts"), text("stream"), text("step"), text("line")};
}

LogStore::LogStore(std::string dir) : dir_(std::move(dir)) {}

Result<void> LogStore::Init() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec)
    return Fail(ErrorCode::kUnavailable,
                "cannot create log directory " + dir_ + ": " + ec.message());
  return Ok();
}

std::string LogStore::PathOf(const std::string& job_id) const {
  return dir_ + "/" + job_id + ".jsonl";
}

std::mutex& LogStore::StripeFor(const std::string& job_id) {
  return stripes_[std::hash<std::string>{}(job_id) % stripes_.size()];
}

bool LogStore::SeenChunk(const std::string& job_id, const std::string& key) {
  std::lock_guard lock(seen_mu_);
  auto it = seen_.find(job_id);
  if (it == seen_.end()) {
    if (seen_.size() >= kMaxCachedJobs) seen_.clear();
    std::set<std::string> keys;
    std::ifstream in(dir_ + "/" + job_id + ".chunks");
    for (std::string line; std::getline(in, line);) keys.insert(line);
    it = seen_.emplace(job_id, std::move(keys)).first;
  }
  return it->second.count(key) > 0;
}

Result<void> LogStore::RecordChunk(const std::string& job_id, const std::string& key) {
  auto written = WriteAll(dir_ + "/" + job_id + ".chunks", key + "\n");
  if (!written) return written;
  std::lock_guard lock(seen_mu_);
  seen_[job_id].insert(key);
  return Ok();
}

Result<bool> LogStore::Append(const std::string& job_id, const std::vector<LogRecord>& records,
                              const std::optional<ChunkId>& chunk) {
  std::string data;
  for (const LogRecord& r : records) AppendLogRecord(data, r);
  return AppendEncoded(job_id, data, chunk);
}

Result<bool> LogStore::AppendEncoded(const std::string& job_id, std::string_view data,
                                     const std::optional<ChunkId>& chunk) {
  std::lock_guard lock(StripeFor(job_id));
  std::string key = chunk ? chunk->attempt + ":" + std::to_string(chunk->seq) : "";
  if (chunk && SeenChunk(job_id, key)) return false;
  if (!data.empty()) {
    auto written = WriteAll(PathOf(job_id), data);
    if (!written) return tl::unexpected(written.error());
    bytes_written_ += data.size();
  }
  // Recorded after the data: a crash in between can store a retried chunk
  // twice, never lose one.
  if (chunk) {
    auto recorded = RecordChunk(job_id, key);
    if (!recorded) return tl::unexpected(recorded.error());
  }
  return true;
}

Result<std::string> LogStore::ReadRaw(const std::string& job_id, uint64_t& offset, size_t max_bytes) const {
  int fd = ::open(PathOf(job_id).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::string();
    return Fail(ErrorCode::kUnavailable, "cannot read log of job " + job_id + ": " + std::strerror(errno));
  }
  std::string buf(max_bytes, '\0');
  ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(offset));
  ::close(fd);
  if (n <= 0) return std::string();
  buf.resize(static_cast<size_t>(n));
  size_t last_newline = buf.rfind('\n');
  if (last_newline == std::string::npos) {
    if (buf.size() < max_bytes) return std::string();  // a line still being written
    return ReadRaw(job_id, offset, max_bytes * 2);     // one record longer than max_bytes
  }
  buf.resize(last_newline + 1);
  offset += buf.size();
  return buf;
}

Result<std::vector<LogRecord>> LogStore::Read(const std::string& job_id, uint64_t& offset,
                                              size_t max_bytes) const {
  auto raw = ReadRaw(job_id, offset, max_bytes);
  if (!raw) return tl::unexpected(raw.error());
  std::vector<LogRecord> out;
  std::string_view data = *raw;
  while (!data.empty()) {
    size_t end = data.find('\n');
    if (auto record = DecodeLogRecord(data.substr(0, end))) out.push_back(std::move(*record));
    data.remove_prefix(end + 1);
  }
  return out;
}

std::optional<std::string_view> EscapedField(std::string_view record, std::string_view field) {
  std::string key = "\"" + std::string(field) + "\":\"";
  size_t start = record.find(key);
  if (start == std::string_view::npos) return std::nullopt;
  start += key.size();
  for (size_t i = start; i < record.size(); ++i) {
    if (record[i] == '\\') ++i;
    else if (record[i] == '"') return record.substr(start, i - start);
  }
  return std::nullopt;
}

uint64_t LogStore::bytes_written() const {
  return bytes_written_.load();
}

}  // namespace stroem::server
