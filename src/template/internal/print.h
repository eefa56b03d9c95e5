// Text forms of values: how `{{ }}` prints them (contract §2.1) and the JSON
// text of json_encode, both matching the original Rust engine (serde_json).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace stroem::tmpl::internal {

// Strings as-is, numbers as JSON text, true/false, null as "", arrays as
// "[a, b]" (elements printed by the same rules), objects as "[object]".
void PrintValue(const boost::json::value& v, std::string& out);

// Shortest text that reads back as the same double, in serde_json's layout:
// 1.0, 0.1, 2.5, 1e16, 1.5e-7. Non-finite values print as "null".
void AppendDouble(double d, std::string& out);

// Compact JSON ({"a":1,"b":[1,2]}) or, with `pretty`, two-space indentation.
void WriteJson(const boost::json::value& v, std::string& out, bool pretty);

}  // namespace stroem::tmpl::internal
