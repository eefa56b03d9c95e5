// Boost.JSON helpers for the api layer's .cc files only: parsing with error values and
// typed field access with messages that name the field. Not for other layers.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace stroem::api::internal {

// Parses JSON text; `what` names the document in the error ("claim response").
Result<boost::json::value> ParseJson(std::string_view text, std::string_view what);
// Parses JSON text that must be an object.
Result<boost::json::object> ParseObject(std::string_view text, std::string_view what);

// A required string field; kInvalidArgument "<what>: field 'x' must be a string".
Result<std::string> StringField(const boost::json::object& o, std::string_view key,
                                std::string_view what);
// nullopt when the field is absent or null; an error when it has another type.
Result<std::optional<std::string>> OptionalStringField(const boost::json::object& o,
                                                       std::string_view key, std::string_view what);
Result<long long> IntField(const boost::json::object& o, std::string_view key,
                           std::string_view what);
// A string when the field is a string, its compact JSON text otherwise ("" when absent).
std::string TextOf(const boost::json::value& v);

// The `error` string of an `{"error": "..."}` body, if the body has that shape.
std::optional<std::string> ErrorFieldOf(std::string_view body);

}  // namespace stroem::api::internal

namespace stroem::api {
using internal::ErrorFieldOf;
}
