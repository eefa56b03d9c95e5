// JSON string arrays (worker capabilities) via Boost.JSON, kept to this one file so the
// rest of the storage layer compiles without it.
#include <boost/json.hpp>

#include "storage/internal/rows.h"

namespace stroem::storage::internal {

std::string EncodeStringArray(const std::vector<std::string>& values) {
  boost::json::array array;
  for (const auto& v : values) array.emplace_back(v);
  return boost::json::serialize(array);
}

Result<std::vector<std::string>> DecodeStringArray(const std::string& json) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_array())
    return Fail(ErrorCode::kInternal, "stored value is not a JSON array: " + json);
  std::vector<std::string> out;
  for (const auto& item : parsed.as_array()) {
    if (!item.is_string())
      return Fail(ErrorCode::kInternal, "stored array holds a non-string: " + json);
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace stroem::storage::internal
