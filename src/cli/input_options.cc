#include "cli/input_options.h"

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

namespace stroem::cli {
namespace {

namespace json = boost::json;

Result<json::object> ParseInputObject(const std::string& text, const std::string& where) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument, "Invalid JSON input" + where + ": " + ec.message());
  if (!v.is_object())
    return Fail(ErrorCode::kInvalidArgument, "Invalid JSON input" + where + ": expected an object");
  return std::move(v.as_object());
}

Result<std::string> ReadFile(const std::string& path) {
  std::ostringstream content;
  if (path == "-") {
    content << std::cin.rdbuf();
    return content.str();
  }
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kInvalidArgument, "cannot read input file " + path);
  content << in.rdbuf();
  return content.str();
}

json::value SetValue(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return json::string(text);
  return v;
}

}  // namespace

Result<std::string> BuildInput(const std::optional<std::string>& json,
                               const std::optional<std::string>& file,
                               const std::vector<std::string>& sets) {
  json::object input;
  if (json) {
    auto parsed = ParseInputObject(*json, "");
    if (!parsed) return tl::unexpected(parsed.error());
    input = std::move(*parsed);
  } else if (file) {
    auto text = ReadFile(*file);
    if (!text) return tl::unexpected(text.error());
    auto parsed = ParseInputObject(*text, " in " + *file);
    if (!parsed) return tl::unexpected(parsed.error());
    input = std::move(*parsed);
  }
  for (const std::string& set : sets) {
    size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
      return Fail(ErrorCode::kInvalidArgument, "--set expects key=value, got '" + set + "'");
    input[set.substr(0, eq)] = SetValue(set.substr(eq + 1));
  }
  return json::serialize(input);
}

}  // namespace stroem::cli
