// POST /worker/jobs/{id}/logs: the seed's plain `{"chunk"}`, numbered chunks
// `{"step","attempt","seq","lines":[{"ts","stream","line"}]}`, and the same numbered chunk
// as a compact body (Content-Type application/x-stroem-log-chunk, api/compact_log_chunk.h).
#include <algorithm>
#include <cctype>

#include "api/compact_log_chunk.h"
#include "common/id.h"
#include "server/compact_log_records.h"
#include "server/json_io.h"
#include "server/secret_mask.h"
#include "server/server_context.h"

namespace stroem::server {
namespace {

std::vector<LogRecord> SeedChunk(const ServerContext& ctx, const std::string& chunk) {
  std::vector<LogRecord> out;
  std::string ts = FormatRfc3339(ctx.clock.Now());
  size_t start = 0;
  while (start < chunk.size()) {
    size_t end = chunk.find('\n', start);
    if (end == std::string::npos) end = chunk.size();
    out.push_back({ts, "stdout", "", chunk.substr(start, end - start)});
    start = end + 1;
  }
  return out;
}

tl::expected<std::vector<LogRecord>, HttpResponse> NumberedLines(const json::value& lines,
                                                                 const std::string& step) {
  if (!lines.is_array()) return tl::unexpected(HttpResponse::Error(400, "'lines' must be a list"));
  std::vector<LogRecord> out;
  for (const json::value& v : lines.get_array()) {
    const json::object* o = v.if_object();
    auto line = o ? GetString(*o, "line") : std::nullopt;
    if (!line)
      return tl::unexpected(HttpResponse::Error(400, "each of 'lines' needs a string 'line'"));
    std::string stream = GetString(*o, "stream").value_or("stdout");
    if (stream != "stdout" && stream != "stderr")
      return tl::unexpected(HttpResponse::Error(400, "'stream' must be stdout or stderr"));
    out.push_back({GetString(*o, "ts").value_or(""), stream, step, *line});
  }
  return out;
}

// A numbered chunk must belong to the step's current (or last) attempt.
std::optional<HttpResponse> CheckAttempt(ServerContext& ctx, const std::string& job,
                                         const std::string& step, const std::string& attempt) {
  if (ctx.AttemptRecentlyConfirmed(attempt, job, step)) return std::nullopt;
  auto found = ctx.store->GetJobSteps(job, {step});
  if (!found) return ErrorResponse(found.error());
  for (const storage::Step& s : found->steps)
    if (s.step_name == step) {
      if (s.attempt_id != attempt)
        return HttpResponse::Error(409, "stale attempt: step '" + step + "' has a newer attempt");
      ctx.AttemptConfirmed(attempt, job, step);
      return std::nullopt;
    }
  return HttpResponse::Error(404, "Step not found: " + step);
}

HttpResponse Stored(ServerContext& ctx, const Result<bool>& stored) {
  if (!stored) return ErrorResponse(stored.error());
  if (!*stored) return HttpResponse::Json(200, R"({"status":"ok","duplicate":true})");
  ctx.log_activity.Notify();
  return HttpResponse::Json(200, R"({"status":"ok"})");
}

HttpResponse RecordJsonChunk(ServerContext& ctx, const std::string& job, const json::object& body) {
  std::vector<LogRecord> records;
  std::optional<ChunkId> chunk;
  if (auto text = GetString(body, "chunk")) {
    auto found = ctx.store->GetJobSteps(job, {});
    if (!found) return ErrorResponse(found.error());
    records = SeedChunk(ctx, *text);
  } else {
    auto step = GetString(body, "step");
    auto attempt = GetString(body, "attempt");
    const json::value* seq = body.if_contains("seq");
    const json::value* lines = body.if_contains("lines");
    if (!step || !attempt || !seq || !seq->is_int64() || !lines)
      return HttpResponse::Error(
          400, "a log chunk needs 'chunk', or 'step', 'attempt', 'seq' and 'lines'");
    if (auto refused = CheckAttempt(ctx, job, *step, *attempt)) return *refused;
    auto parsed = NumberedLines(*lines, *step);
    if (!parsed) return parsed.error();
    records = std::move(*parsed);
    chunk = ChunkId{*attempt, seq->get_int64()};
  }
  if (auto ws = ctx.workspace()) MaskSecrets(records, ws->secrets);  // before storing
  return Stored(ctx, ctx.logs.Append(job, records, chunk));
}

// The media type without parameters, lower-cased.
std::string MediaType(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

}  // namespace

HttpResponse StoreCompactChunk(ServerContext& ctx, const std::string& job,
                               const api::CompactLogChunk& chunk) {
  if (!chunk.attempt)
    return HttpResponse::Error(400, "log chunk header: field 'attempt' must be a string");
  if (auto refused = CheckAttempt(ctx, job, chunk.step, *chunk.attempt)) return *refused;
  static const std::vector<workflow::SecretLeaf> kNoSecrets;
  auto ws = ctx.workspace();
  std::string records = CompactChunkRecords(chunk, SecretMasker(ws ? ws->secrets : kNoSecrets));
  return Stored(ctx, ctx.logs.AppendEncoded(job, records, ChunkId{*chunk.attempt, chunk.seq}));
}

HttpResponse RecordCompactChunk(ServerContext& ctx, const std::string& job,
                                std::string_view body) {
  auto chunk = api::ParseCompactLogChunk(body);
  if (!chunk) return HttpResponse::Error(400, chunk.error().message);
  return StoreCompactChunk(ctx, job, *chunk);
}

HttpResponse RecordLogs(ServerContext& ctx, const HttpRequest& req) {
  const std::string& job = req.params.at("id");
  if (!IsUuid(job)) return HttpResponse::Error(404, "Job not found");
  if (MediaType(req.Header("content-type")) == api::kCompactLogChunkType)
    return RecordCompactChunk(ctx, job, req.body);
  auto body = ParseObjectBody(req);
  if (!body) return body.error();
  return RecordJsonChunk(ctx, job, *body);
}

}  // namespace stroem::server
