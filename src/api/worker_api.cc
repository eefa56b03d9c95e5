#include "api/worker_api.h"

#include "api/internal/json_text.h"
#include "common/json_text.h"

namespace stroem::api {

namespace json = boost::json;
using internal::IntField;
using internal::OptionalStringField;
using internal::ParseObject;
using internal::StringField;
using internal::TextOf;

namespace {

json::array ToArray(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

// The attempt as the server sent it; a malformed value is sent as null.
json::value AttemptValue(const std::string& attempt_json) {
  boost::system::error_code ec;
  json::value v = json::parse(attempt_json, ec);
  return ec ? json::value(nullptr) : v;
}

Result<void> ReadSpec(const json::value& spec, ClaimedStep& step) {
  constexpr std::string_view kWhat = "claim response action_spec";
  if (!spec.is_object())
    return Fail(ErrorCode::kInvalidArgument,
                "claim response: field 'action_spec' must be an object");
  const json::object& o = spec.as_object();
  auto cmd = OptionalStringField(o, "cmd", kWhat);
  auto script = OptionalStringField(o, "script", kWhat);
  if (!cmd) return tl::unexpected(cmd.error());
  if (!script) return tl::unexpected(script.error());
  step.cmd = *cmd;
  step.script = *script;
  if (const json::value* env = o.if_contains("env"); env && !env->is_null()) {
    if (!env->is_object())
      return Fail(ErrorCode::kInvalidArgument,
                  "claim response action_spec: field 'env' must be an object");
    for (const auto& [k, v] : env->as_object()) step.env.emplace_back(std::string(k), TextOf(v));
  }
  step.action_spec_json = json::serialize(spec);
  return Ok();
}

Result<void> ReadInput(const json::value* input, ClaimedStep& step) {
  if (!input || input->is_null()) {
    step.input_json = "{}";
    return Ok();
  }
  if (!input->is_object())
    return Fail(ErrorCode::kInvalidArgument, "claim response: field 'input' must be an object");
  for (const auto& [k, v] : input->as_object()) step.inputs.emplace_back(std::string(k), TextOf(v));
  step.input_json = json::serialize(*input);
  return Ok();
}

Result<ClaimedStep> ReadClaim(const json::object& o) {
  constexpr std::string_view kWhat = "claim response";
  ClaimedStep step;
  for (auto [key, field] : {std::pair{"job_id", &step.job_id},
                            {"step_name", &step.step_name},
                            {"action_name", &step.action_name}}) {
    auto v = StringField(o, key, kWhat);
    if (!v) return tl::unexpected(v.error());
    *field = std::move(*v);
  }
  auto type = OptionalStringField(o, "action_type", kWhat);
  auto image = OptionalStringField(o, "action_image", kWhat);
  auto task = OptionalStringField(o, "task_name", kWhat);
  auto workspace = OptionalStringField(o, "workspace", kWhat);
  auto lease_at = OptionalStringField(o, "lease_expires_at", kWhat);
  for (auto* r : {&type, &image, &task, &workspace, &lease_at})
    if (!*r) return tl::unexpected(r->error());
  step.action_type = type->value_or("shell");
  step.action_image = *image;
  step.task_name = task->value_or("");
  step.workspace = workspace->value_or("default");
  step.lease_expires_at = lease_at->value_or("");
  if (auto lease = IntField(o, "lease_seconds", kWhat))
    step.lease_seconds = static_cast<int>(*lease);
  if (const json::value* t = o.if_contains("timeout_ms"); t && t->is_int64() && t->as_int64() > 0)
    step.timeout = std::chrono::milliseconds(t->as_int64());
  if (const json::value* a = o.if_contains("attempt")) step.attempt_json = json::serialize(*a);
  const json::value* spec = o.if_contains("action_spec");
  if (auto r = ReadSpec(spec ? *spec : json::value(json::object()), step); !r)
    return tl::unexpected(r.error());
  if (auto r = ReadInput(o.if_contains("input"), step); !r) return tl::unexpected(r.error());
  return step;
}

}  // namespace

std::string RegisterRequestJson(const std::string& name,
                                const std::vector<std::string>& capabilities) {
  return json::serialize(json::object{{"name", name}, {"capabilities", ToArray(capabilities)}});
}

std::string HeartbeatRequestJson(const std::string& worker_id) {
  return json::serialize(json::object{{"worker_id", worker_id}});
}

std::string HeartbeatRequestJson(const std::string& worker_id,
                                 const std::vector<std::string>& attempt_jsons) {
  json::object o{{"worker_id", worker_id}};
  json::array attempts;
  for (const std::string& a : attempt_jsons)
    if (json::value v = AttemptValue(a); !v.is_null()) attempts.push_back(std::move(v));
  // Always sent, empty too: the server extends only the leases listed (worker_api.h).
  o["attempts"] = std::move(attempts);
  return json::serialize(o);
}

std::string ClaimRequestJson(const std::string& worker_id,
                             const std::vector<std::string>& capabilities, int wait_ms,
                             int max_steps) {
  json::object o{{"worker_id", worker_id}, {"capabilities", ToArray(capabilities)}};
  if (wait_ms > 0) o["wait_ms"] = wait_ms;
  if (max_steps > 1) o["max_steps"] = max_steps;
  return json::serialize(o);
}

std::string StartRequestJson(const std::string& worker_id, const std::string& attempt_json) {
  return json::serialize(
      json::object{{"worker_id", worker_id}, {"attempt", AttemptValue(attempt_json)}});
}

// Written by hand: a chunk carries up to 64 KiB of lines, many times a second.
std::string LogChunkJson(const LogChunk& chunk) {
  std::string out = "{\"step\":";
  AppendJsonString(out, chunk.step);
  out += ",\"attempt\":" + json::serialize(AttemptValue(chunk.attempt_json));
  out += ",\"seq\":" + std::to_string(chunk.seq) + ",\"lines\":[";
  for (size_t i = 0; i < chunk.lines.size(); ++i) {
    const WireLogLine& l = chunk.lines[i];
    out += i == 0 ? "{\"ts\":" : ",{\"ts\":";
    AppendJsonString(out, l.ts);
    out += ",\"stream\":";
    AppendJsonString(out, l.stream);
    out += ",\"line\":";
    AppendJsonString(out, l.line);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string StepResultJson(const StepResult& result, const ResultExtras& extras) {
  json::object o{{"attempt", AttemptValue(result.attempt_json)}, {"exit_code", result.exit_code}};
  o["output"] = result.output_json ? AttemptValue(*result.output_json) : json::value(nullptr);
  if (result.error) o["error"] = *result.error;
  if (const auto& next = extras.next)
    o["next"] = json::object{{"worker_id", next->worker_id},
                             {"capabilities", ToArray(next->capabilities)}};
  if (extras.logs) o["logs"] = *extras.logs;
  return json::serialize(o);
}

Result<std::string> ParseRegisterResponse(std::string_view body) {
  auto o = ParseObject(body, "register response");
  if (!o) return tl::unexpected(o.error());
  return StringField(*o, "worker_id", "register response");
}

Result<std::optional<ClaimedStep>> ParseClaimResponse(std::string_view body) {
  auto o = ParseObject(body, "claim response");
  if (!o) return tl::unexpected(o.error());
  const json::value* id = o->if_contains("job_id");
  if (!id || id->is_null()) return std::optional<ClaimedStep>();
  auto step = ReadClaim(*o);
  if (!step) return tl::unexpected(step.error());
  return std::optional<ClaimedStep>(std::move(*step));
}

Result<std::vector<ClaimedStep>> ParseClaimResponses(std::string_view body) {
  auto o = ParseObject(body, "claim response");
  if (!o) return tl::unexpected(o.error());
  std::vector<ClaimedStep> out;
  const json::value* id = o->if_contains("job_id");
  if (!id || id->is_null()) return out;
  auto first = ReadClaim(*o);
  if (!first) return tl::unexpected(first.error());
  out.push_back(std::move(*first));
  const json::value* more = o->if_contains("more");
  if (!more || !more->is_array()) return out;
  for (const json::value& v : more->get_array()) {
    if (!v.is_object()) return Fail(ErrorCode::kInvalidArgument, "claim response: 'more' must hold objects");
    auto step = ReadClaim(v.get_object());
    if (!step) return tl::unexpected(step.error());
    out.push_back(std::move(*step));
  }
  return out;
}

Result<CompleteAck> ParseCompleteResponse(std::string_view body) {
  auto o = ParseObject(body, "result response");
  if (!o) return tl::unexpected(o.error());
  CompleteAck ack;
  const json::value* d = o->if_contains("duplicate");
  ack.duplicate = d && d->is_bool() && d->as_bool();
  const json::value* logs = o->if_contains("logs");
  ack.logs_stored = logs && logs->is_string() && logs->get_string() == "stored";
  const json::value* next = o->if_contains("next");
  if (!next || next->is_null()) return ack;
  if (!next->is_object()) return Fail(ErrorCode::kInvalidArgument, "result response: 'next' must be an object");
  const json::value* id = next->get_object().if_contains("job_id");
  if (!id || id->is_null()) return ack;
  auto step = ReadClaim(next->get_object());
  if (!step) return tl::unexpected(step.error());
  ack.next = std::move(*step);
  return ack;
}

Result<std::vector<std::string>> ParseHeartbeatResponse(std::string_view body) {
  auto o = ParseObject(body, "heartbeat response");
  if (!o) return tl::unexpected(o.error());
  std::vector<std::string> out;
  const json::value* cancel = o->if_contains("cancel");
  if (!cancel || cancel->is_null()) return out;
  if (!cancel->is_array())
    return Fail(ErrorCode::kInvalidArgument, "heartbeat response: field 'cancel' must be a list");
  for (const json::value& a : cancel->as_array()) out.push_back(json::serialize(a));
  return out;
}

bool IsDuplicateAck(std::string_view body) {
  auto o = ParseObject(body, "response");
  if (!o) return false;
  const json::value* d = o->if_contains("duplicate");
  return d && d->is_bool() && d->as_bool();
}

Result<LogChunk> ParseLogChunk(std::string_view body) {
  constexpr std::string_view kWhat = "log chunk";
  auto o = ParseObject(body, kWhat);
  if (!o) return tl::unexpected(o.error());
  LogChunk chunk;
  auto step = StringField(*o, "step", kWhat);
  auto seq = IntField(*o, "seq", kWhat);
  if (!step) return tl::unexpected(step.error());
  if (!seq) return tl::unexpected(seq.error());
  chunk.step = *step;
  chunk.seq = *seq;
  if (const json::value* a = o->if_contains("attempt")) chunk.attempt_json = json::serialize(*a);
  const json::value* lines = o->if_contains("lines");
  if (!lines || !lines->is_array())
    return Fail(ErrorCode::kInvalidArgument, "log chunk: field 'lines' must be an array");
  for (const json::value& l : lines->as_array()) {
    if (!l.is_object())
      return Fail(ErrorCode::kInvalidArgument, "log chunk: each line must be an object");
    WireLogLine line;
    auto ts = StringField(l.as_object(), "ts", kWhat);
    auto stream = StringField(l.as_object(), "stream", kWhat);
    auto text = StringField(l.as_object(), "line", kWhat);
    for (auto* r : {&ts, &stream, &text})
      if (!*r) return tl::unexpected(r->error());
    chunk.lines.push_back({*ts, *stream, *text});
  }
  return chunk;
}

Result<StepResult> ParseStepResult(std::string_view body) {
  constexpr std::string_view kWhat = "step result";
  auto o = ParseObject(body, kWhat);
  if (!o) return tl::unexpected(o.error());
  StepResult r;
  if (const json::value* a = o->if_contains("attempt")) r.attempt_json = json::serialize(*a);
  auto code = IntField(*o, "exit_code", kWhat);
  if (!code) return tl::unexpected(code.error());
  r.exit_code = static_cast<int>(*code);
  if (const json::value* out = o->if_contains("output"); out && !out->is_null())
    r.output_json = json::serialize(*out);
  auto error = OptionalStringField(*o, "error", kWhat);
  if (!error) return tl::unexpected(error.error());
  r.error = *error;
  return r;
}

size_t EncodedLineSize(const WireLogLine& line) {
  size_t n = 32 + line.ts.size() + line.stream.size();  // {"ts":"","stream":"","line":""},
  for (unsigned char c : line.line) {
    if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f')
      n += 2;
    else if (c < 0x20)
      n += 6;
    else
      n += 1;
  }
  return n;
}

}  // namespace stroem::api
