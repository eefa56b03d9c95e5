#include "yaml/yaml_json.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <regex>

namespace stroem::yaml {
namespace {

namespace json = boost::json;

bool LooksInteger(const std::string& s) {
  static const std::regex re("[-+]?[0-9]+");
  return std::regex_match(s, re);
}

bool LooksFloat(const std::string& s) {
  static const std::regex re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return std::regex_match(s, re);
}

json::value PlainScalar(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (LooksInteger(s)) {
    int64_t v = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [p, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
  }
  if (LooksFloat(s)) {
    double d = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(d)) return d;
  }
  return json::string(s);
}

json::value ToJson(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      return nullptr;
    case YamlNode::Kind::kScalar:
      return node.quoted ? json::value(json::string(node.text)) : PlainScalar(node.text);
    case YamlNode::Kind::kSequence: {
      json::array out;
      for (const YamlNode& item : node.items) out.push_back(ToJson(item));
      return out;
    }
    case YamlNode::Kind::kMapping: {
      json::object out;
      for (const YamlEntry& e : node.entries) out[e.key] = ToJson(e.value);
      return out;
    }
  }
  return nullptr;
}

}  // namespace

std::string ToJsonText(const YamlNode& node) {
  return json::serialize(ToJson(node));
}

std::string JsonKind(const YamlNode& node) {
  json::value v = ToJson(node);
  switch (v.kind()) {
    case json::kind::string:
      return "string";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "number";
    case json::kind::bool_:
      return "boolean";
    case json::kind::null:
      return "null";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "null";
}

}  // namespace stroem::yaml
