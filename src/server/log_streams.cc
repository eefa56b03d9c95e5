#include "server/log_streams.h"

#include "common/json_text.h"
#include "server/job_json.h"
#include "server/json_io.h"

namespace stroem::server {
namespace {

constexpr size_t kReadBytes = 256 << 10;

// Lines of the job's log that belong to `step` (all when unset), as stored.
// The step is compared in its escaped form, so records are not decoded.
class RawLines {
 public:
  RawLines(ServerContext& ctx, std::string job_id, const std::optional<std::string>& step)
      : ctx_(ctx), job_id_(std::move(job_id)) {
    if (step) {
      escaped_step_ = std::string();
      AppendJsonString(*escaped_step_, *step, false);
    }
  }

  // Calls fn(record) for each new matching record; false when nothing new was read.
  template <typename Fn>
  bool Next(Fn fn) {
    auto raw = ctx_.logs.ReadRaw(job_id_, offset_, kReadBytes);
    if (!raw || raw->empty()) return false;
    std::string_view data = *raw;
    while (!data.empty()) {
      size_t end = data.find('\n');
      std::string_view record = data.substr(0, end);
      if (!escaped_step_ || EscapedField(record, "step") == std::string_view(*escaped_step_)) fn(record);
      data.remove_prefix(end + 1);
    }
    return true;
  }

 private:
  ServerContext& ctx_;
  std::string job_id_;
  std::optional<std::string> escaped_step_;
  uint64_t offset_ = 0;
};

// A record's line text, JSON-escaped, read straight from the stored record.
void AppendEscapedLine(std::string& out, std::string_view record) {
  if (auto line = EscapedField(record, "line")) {
    out.append(*line);
  } else if (auto decoded = DecodeLogRecord(record)) {
    AppendJsonString(out, decoded->line, false);
  }
}

class LogTextBody : public BodyStream {
 public:
  LogTextBody(ServerContext& ctx, std::string job_id, std::optional<std::string> step)
      : lines_(ctx, std::move(job_id), step) {}

  Status Next(std::string& chunk) override {
    if (state_ == kDone) return Status::kEnd;
    if (state_ == kStart) {
      state_ = kBody;
      chunk = "{\"logs\":\"";
      return Status::kData;
    }
    bool more = lines_.Next([&](std::string_view record) {
      AppendEscapedLine(chunk, record);
      chunk += "\\n";
    });
    if (!more) {
      state_ = kDone;
      chunk = "\"}";
    }
    return Status::kData;
  }

 private:
  enum { kStart, kBody, kDone } state_ = kStart;
  RawLines lines_;
};

class LogEventBody : public BodyStream {
 public:
  LogEventBody(ServerContext& ctx, std::string job_id, std::optional<std::string> step)
      : ctx_(ctx), job_id_(job_id), lines_(ctx, std::move(job_id), step) {}

  Status Next(std::string& chunk) override {
    if (ended_) return Status::kEnd;
    // Read the job's status before the log, so lines written just before it
    // finished are read on this pass or the next.
    std::optional<std::string> terminal = TerminalStatus();
    bool more = lines_.Next([&](std::string_view record) {
      chunk += "event: log\ndata: ";
      chunk += record;  // a stored record is already the event's JSON
      chunk += "\n\n";
    });
    if (more) return Status::kData;
    if (!terminal) return Status::kWait;
    ended_ = true;
    chunk = "event: end\ndata: {\"status\":\"" + *terminal + "\"}\n\n";
    return Status::kData;
  }

  WakeupSignal* signal() override { return &ctx_.log_activity; }

 private:
  std::optional<std::string> TerminalStatus() {
    auto job = ctx_.store->GetJobSteps(job_id_, {});  // the job row only
    if (!job)
      return job.error().code == ErrorCode::kNotFound ? std::optional<std::string>("cancelled")
                                                      : std::nullopt;
    if (IsTerminalJobStatus(job->job.status)) return job->job.status;
    return std::nullopt;
  }

  ServerContext& ctx_;
  std::string job_id_;
  RawLines lines_;
  bool ended_ = false;
};

}  // namespace

std::shared_ptr<BodyStream> MakeLogTextBody(ServerContext& ctx, std::string job_id,
                                            std::optional<std::string> step) {
  return std::make_shared<LogTextBody>(ctx, std::move(job_id), std::move(step));
}

std::shared_ptr<BodyStream> MakeLogEventBody(ServerContext& ctx, std::string job_id,
                                             std::optional<std::string> step) {
  return std::make_shared<LogEventBody>(ctx, std::move(job_id), std::move(step));
}

}  // namespace stroem::server
