#include "storage/internal/rows.h"

#include <charconv>

namespace stroem::storage::internal {
namespace {

std::int64_t Int(const Value& v) {
  std::int64_t out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

std::optional<int> OptInt(const Value& v) {
  if (!v) return std::nullopt;
  return static_cast<int>(Int(v));
}

std::optional<TimePoint> OptTime(const Value& v) {
  if (!v) return std::nullopt;
  return FromMicros(Int(v));
}

std::optional<std::chrono::milliseconds> OptMillis(const Value& v) {
  if (!v) return std::nullopt;
  return std::chrono::milliseconds(Int(v));
}

std::string Text(const Value& v) {
  return v.value_or("");
}

}  // namespace

std::int64_t ToMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

TimePoint FromMicros(std::int64_t micros) {
  return TimePoint{
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds{micros})};
}

Param TimeParam(TimePoint t) {
  return ToMicros(t);
}

Param OptionalText(const std::optional<std::string>& text) {
  if (!text) return std::monostate{};
  return *text;
}

Param OptionalInt(const std::optional<int>& value) {
  if (!value) return std::monostate{};
  return static_cast<std::int64_t>(*value);
}

Param OptionalMillis(const std::optional<std::chrono::milliseconds>& value) {
  if (!value) return std::monostate{};
  return static_cast<std::int64_t>(value->count());
}

Result<Worker> WorkerFromRow(const Row& row) {
  auto capabilities = DecodeStringArray(Text(row[2]));
  if (!capabilities) return tl::unexpected(capabilities.error());
  return Worker{Text(row[0]), Text(row[1]),    std::move(*capabilities),
                Text(row[3]), OptTime(row[4]), FromMicros(Int(row[5]))};
}

Job JobFromRow(const Row& row) {
  return Job{Text(row[0]),
             Text(row[1]),
             Text(row[2]),
             Text(row[3]),
             row[4],
             row[5],
             Text(row[6]),
             Text(row[7]),
             row[8],
             FromMicros(Int(row[9])),
             OptTime(row[10]),
             OptTime(row[11]),
             OptMillis(row[12]),
             OptTime(row[13])};
}

Step StepFromRow(const Row& row) {
  Step s;
  s.job_id = Text(row[0]);
  s.step_name = Text(row[1]);
  s.flow_index = static_cast<int>(Int(row[2]));
  s.action_name = Text(row[3]);
  s.action_type = Text(row[4]);
  s.action_image = row[5];
  s.action_spec_json = row[6];
  s.input_json = row[7];
  s.output_json = row[8];
  s.status = Text(row[9]);
  s.worker_id = row[10];
  s.started_at = OptTime(row[11]);
  s.completed_at = OptTime(row[12]);
  s.error_message = row[13];
  s.exit_code = OptInt(row[14]);
  s.attempt = static_cast<int>(Int(row[15]));
  s.attempt_id = row[16];
  s.lease_expires_at = OptTime(row[17]);
  s.timeout = OptMillis(row[18]);
  return s;
}

}  // namespace stroem::storage::internal
