#include "api/internal/json_text.h"

namespace stroem::api::internal {

namespace json = boost::json;

Result<json::value> ParseJson(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": invalid JSON: " + ec.message());
  return v;
}

Result<json::object> ParseObject(std::string_view text, std::string_view what) {
  auto v = ParseJson(text, what);
  if (!v) return tl::unexpected(v.error());
  if (!v->is_object())
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": expected a JSON object");
  return std::move(v->as_object());
}

namespace {
tl::unexpected<Error> FieldError(std::string_view what, std::string_view key,
                                 const char* expected) {
  return Fail(ErrorCode::kInvalidArgument,
              std::string(what) + ": field '" + std::string(key) + "' must be " + expected);
}
}  // namespace

Result<std::string> StringField(const json::object& o, std::string_view key,
                                std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) return FieldError(what, key, "a string");
  return std::string(v->as_string());
}

Result<std::optional<std::string>> OptionalStringField(const json::object& o, std::string_view key,
                                                       std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return FieldError(what, key, "a string or null");
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<long long> IntField(const json::object& o, std::string_view key, std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_int64()) return static_cast<long long>(v->as_int64());
  if (v && v->is_uint64()) return static_cast<long long>(v->as_uint64());
  return FieldError(what, key, "an integer");
}

std::string TextOf(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

std::optional<std::string> ErrorFieldOf(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::value* e = v.as_object().if_contains("error");
  if (!e || !e->is_string()) return std::nullopt;
  return std::string(e->as_string());
}

}  // namespace stroem::api::internal
