#include "api/public_api.h"

#include "api/internal/json_text.h"

namespace stroem::api {

namespace json = boost::json;
using internal::ParseJson;
using internal::ParseObject;

namespace {

// A string field that may be absent or null ("" then); any other type is an error.
Result<void> Read(const json::object& o, std::string_view key, std::string& out,
                  std::string_view what) {
  auto v = internal::OptionalStringField(o, key, what);
  if (!v) return tl::unexpected(v.error());
  out = v->value_or("");
  return Ok();
}

template <typename T>
using Fields = std::initializer_list<std::pair<std::string_view, std::string T::*>>;

template <typename T>
Result<T> ReadStruct(const json::value& v, Fields<T> fields, std::string_view what) {
  if (!v.is_object())
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": expected an object");
  T out;
  for (const auto& [key, member] : fields)
    if (auto r = Read(v.as_object(), key, out.*member, what); !r) return tl::unexpected(r.error());
  return out;
}

template <typename T, typename F>
Result<std::vector<T>> ReadArray(const json::value& v, std::string_view what, F read_item) {
  if (!v.is_array())
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": expected an array");
  std::vector<T> out;
  for (const json::value& item : v.as_array()) {
    auto r = read_item(item);
    if (!r) return tl::unexpected(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

const Fields<JobSummary> kJobFields = {
    {"job_id", &JobSummary::job_id},         {"workspace", &JobSummary::workspace},
    {"task_name", &JobSummary::task_name},   {"mode", &JobSummary::mode},
    {"status", &JobSummary::status},         {"created_at", &JobSummary::created_at},
    {"started_at", &JobSummary::started_at}, {"completed_at", &JobSummary::completed_at}};

const Fields<StepSummary> kStepFields = {
    {"step_name", &StepSummary::step_name},      {"action_name", &StepSummary::action_name},
    {"action_type", &StepSummary::action_type},  {"status", &StepSummary::status},
    {"worker_id", &StepSummary::worker_id},      {"started_at", &StepSummary::started_at},
    {"completed_at", &StepSummary::completed_at}};

Result<StepSummary> ReadStep(const json::value& v) {
  auto step = ReadStruct<StepSummary>(v, kStepFields, "job step");
  if (!step) return step;
  auto error = internal::OptionalStringField(v.as_object(), "error_message", "job step");
  if (!error) return tl::unexpected(error.error());
  step->error_message = *error;
  return step;
}

void Pretty(const json::value& v, std::string& out, int indent) {
  auto newline = [&](int level) { out += '\n' + std::string(2 * level, ' '); };
  if (v.is_object() && !v.as_object().empty()) {
    out += '{';
    bool first = true;
    for (const auto& [k, item] : v.as_object()) {
      out += first ? "" : ",";
      first = false;
      newline(indent + 1);
      out += json::serialize(json::value(json::string(k))) + ": ";
      Pretty(item, out, indent + 1);
    }
    newline(indent);
    out += '}';
  } else if (v.is_array() && !v.as_array().empty()) {
    out += '[';
    bool first = true;
    for (const json::value& item : v.as_array()) {
      out += first ? "" : ",";
      first = false;
      newline(indent + 1);
      Pretty(item, out, indent + 1);
    }
    newline(indent);
    out += ']';
  } else {
    out += json::serialize(v);
  }
}

}  // namespace

bool IsTerminalJobStatus(std::string_view status) {
  return status == "completed" || status == "failed" || status == "cancelled";
}

std::string ExecuteRequestJson(const std::string& input_json) {
  return "{\"input\":" + input_json + "}";
}

Result<std::vector<TaskSummary>> ParseTaskList(std::string_view body) {
  auto v = ParseJson(body, "task list");
  if (!v) return tl::unexpected(v.error());
  return ReadArray<TaskSummary>(*v, "task list", [](const json::value& item) {
    return ReadStruct<TaskSummary>(
        item, {{"name", &TaskSummary::name}, {"mode", &TaskSummary::mode}}, "task");
  });
}

Result<std::vector<JobSummary>> ParseJobList(std::string_view body) {
  auto v = ParseJson(body, "job list");
  if (!v) return tl::unexpected(v.error());
  const json::value* items = &*v;
  if (v->is_object() && v->as_object().contains("items")) items = &v->as_object().at("items");
  return ReadArray<JobSummary>(*items, "job list", [](const json::value& item) {
    return ReadStruct<JobSummary>(item, kJobFields, "job");
  });
}

Result<JobDetail> ParseJobDetail(std::string_view body) {
  auto v = ParseJson(body, "job");
  if (!v) return tl::unexpected(v.error());
  auto job = ReadStruct<JobSummary>(*v, kJobFields, "job");
  if (!job) return tl::unexpected(job.error());
  JobDetail detail;
  detail.job = std::move(*job);
  const json::object& o = v->as_object();
  if (const json::value* in = o.if_contains("input")) detail.input_json = json::serialize(*in);
  if (const json::value* out = o.if_contains("output")) detail.output_json = json::serialize(*out);
  if (const json::value* steps = o.if_contains("steps")) {
    auto parsed = ReadArray<StepSummary>(*steps, "job steps", ReadStep);
    if (!parsed) return tl::unexpected(parsed.error());
    detail.steps = std::move(*parsed);
  }
  return detail;
}

Result<std::string> ParseExecuteResponse(std::string_view body) {
  auto o = ParseObject(body, "execute response");
  if (!o) return tl::unexpected(o.error());
  return internal::StringField(*o, "job_id", "execute response");
}

Result<std::string> ParseLogsResponse(std::string_view body) {
  auto o = ParseObject(body, "logs response");
  if (!o) return tl::unexpected(o.error());
  return internal::StringField(*o, "logs", "logs response");
}

Result<LogEvent> ParseLogEvent(std::string_view data) {
  auto v = ParseJson(data, "log event");
  if (!v) return tl::unexpected(v.error());
  return ReadStruct<LogEvent>(*v,
                              {{"ts", &LogEvent::ts},
                               {"stream", &LogEvent::stream},
                               {"step", &LogEvent::step},
                               {"line", &LogEvent::line}},
                              "log event");
}

Result<std::string> ParseEndEvent(std::string_view data) {
  auto o = ParseObject(data, "end event");
  if (!o) return tl::unexpected(o.error());
  return internal::StringField(*o, "status", "end event");
}

Result<std::vector<WorkerSummary>> ParseWorkerList(std::string_view body) {
  auto v = ParseJson(body, "worker list");
  if (!v) return tl::unexpected(v.error());
  return ReadArray<WorkerSummary>(*v, "worker list", [](const json::value& item) {
    auto w = ReadStruct<WorkerSummary>(item,
                                       {{"worker_id", &WorkerSummary::worker_id},
                                        {"name", &WorkerSummary::name},
                                        {"status", &WorkerSummary::status},
                                        {"last_heartbeat", &WorkerSummary::last_heartbeat},
                                        {"registered_at", &WorkerSummary::registered_at}},
                                       "worker");
    if (!w) return w;
    if (const json::value* caps = item.as_object().if_contains("capabilities");
        caps && caps->is_array())
      for (const json::value& c : caps->as_array()) w->capabilities.push_back(internal::TextOf(c));
    return w;
  });
}

std::string PrettyJson(std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec) return std::string(json_text);
  std::string out;
  Pretty(v, out, 0);
  return out;
}

}  // namespace stroem::api
