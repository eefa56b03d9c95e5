// OpenStore: picks the backend from the URL. RedactUrl keeps passwords out of messages.
#include "storage/store.h"

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace stroem::storage {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// `sqlite:<path>`, `sqlite://<path>` or a plain path -> the path.
std::string SqlitePath(std::string_view url) {
  if (StartsWith(url, "sqlite://")) return std::string(url.substr(9));
  if (StartsWith(url, "sqlite:")) return std::string(url.substr(7));
  return std::string(url);
}

std::string RedactPasswordParameter(std::string url) {
  const std::string key = "password=";
  for (size_t at = url.find(key); at != std::string::npos; at = url.find(key, at + 1)) {
    const size_t start = at + key.size();
    const size_t end = url.find_first_of("& ", start);
    url.replace(start, (end == std::string::npos ? url.size() : end) - start, "***");
  }
  return url;
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t authority = scheme + 3;
    const size_t at = out.find('@', authority);
    const size_t slash = out.find('/', authority);
    const size_t colon = out.find(':', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash) &&
        colon != std::string::npos && colon < at)
      out.replace(colon + 1, at - colon - 1, "***");
  }
  return RedactPasswordParameter(std::move(out));
}

Result<CompletionAndClaim> Store::CompleteStepAndClaim(
    const std::string& job_id, const std::string& step_name,
    const std::optional<std::string>& attempt_id, const StepResult& result,
    const std::string& worker_id, const std::vector<std::string>& capabilities) {
  auto done = CompleteStep(job_id, step_name, attempt_id, result);
  if (!done) return tl::unexpected(done.error());
  return CompletionAndClaim{*done, ClaimStep(worker_id, capabilities)};
}

Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const Clock& clock,
                                         const StoreOptions& options) {
  if (url.empty()) return Fail(ErrorCode::kInvalidArgument, "database URL is empty");
  if (StartsWith(url, "postgres://") || StartsWith(url, "postgresql://"))
    return postgres::OpenPostgresStore(std::string(url), clock, options);
  const std::string path = SqlitePath(url);
  if (path.empty())
    return Fail(ErrorCode::kInvalidArgument, "database URL has no path: " + std::string(url));
  return sqlite::OpenSqliteStore(path, clock, options);
}

}  // namespace stroem::storage
