#include "server/log_streams.h"

#include "server/job_json.h"
#include "server/json_io.h"

namespace stroem::server {
namespace {

constexpr size_t kReadBytes = 256 << 10;

class LogTextBody : public BodyStream {
 public:
  LogTextBody(ServerContext& ctx, std::string job_id, std::optional<std::string> step)
      : ctx_(ctx), job_id_(std::move(job_id)), step_(std::move(step)) {}

  Status Next(std::string& chunk) override {
    if (state_ == kDone) return Status::kEnd;
    if (state_ == kStart) {
      state_ = kBody;
      chunk = "{\"logs\":\"";
      return Status::kData;
    }
    auto records = ctx_.logs.Read(job_id_, offset_, kReadBytes);
    if (!records || records->empty()) {
      state_ = kDone;
      chunk = "\"}";
      return Status::kData;
    }
    for (const LogRecord& r : *records)
      if (!step_ || r.step == *step_) {
        AppendJsonString(chunk, r.line, false);
        chunk += "\\n";
      }
    return Status::kData;
  }

 private:
  enum { kStart, kBody, kDone } state_ = kStart;
  ServerContext& ctx_;
  std::string job_id_;
  std::optional<std::string> step_;
  uint64_t offset_ = 0;
};

class LogEventBody : public BodyStream {
 public:
  LogEventBody(ServerContext& ctx, std::string job_id, std::optional<std::string> step)
      : ctx_(ctx), job_id_(std::move(job_id)), step_(std::move(step)) {}

  Status Next(std::string& chunk) override {
    if (ended_) return Status::kEnd;
    // Read the job's status before the log, so lines written just before it
    // finished are read on this pass or the next.
    std::optional<std::string> terminal = TerminalStatus();
    auto records = ctx_.logs.Read(job_id_, offset_, kReadBytes);
    if (records && !records->empty()) {
      for (const LogRecord& r : *records)
        if (!step_ || r.step == *step_) chunk += Event(r);
      return Status::kData;
    }
    if (!terminal) return Status::kWait;
    ended_ = true;
    chunk = "event: end\ndata: {\"status\":\"" + *terminal + "\"}\n\n";
    return Status::kData;
  }

  WakeupSignal* signal() override { return &ctx_.log_activity; }

 private:
  static std::string Event(const LogRecord& r) {
    json::object data{{"ts", r.ts}, {"stream", r.stream}, {"step", r.step}, {"line", r.line}};
    return "event: log\ndata: " + json::serialize(data) + "\n\n";
  }

  std::optional<std::string> TerminalStatus() {
    auto job = ctx_.store->GetJob(job_id_);
    if (!job)
      return job.error().code == ErrorCode::kNotFound ? std::optional<std::string>("cancelled")
                                                      : std::nullopt;
    if (IsTerminalJobStatus(job->job.status)) return job->job.status;
    return std::nullopt;
  }

  ServerContext& ctx_;
  std::string job_id_;
  std::optional<std::string> step_;
  uint64_t offset_ = 0;
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
