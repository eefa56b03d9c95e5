#include "server/config.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "common/diagnostic.h"
#include "yaml/env_overrides.h"
#include "yaml/yaml_tree.h"

namespace stroem::server {
namespace {

using yaml::YamlEntry;
using yaml::YamlNode;

// Reads typed values out of the config tree, collecting every problem.
class Reader {
 public:
  explicit Reader(Diagnostics& diags) : diags_(diags) {}

  void String(const YamlNode& node, const std::string& key, std::string& out) {
    if (node.IsScalar())
      out = node.text;
    else
      Bad(node, key, "a string");
  }

  template <typename Int>
  void Integer(const YamlNode& node, const std::string& key, Int& out, Int min, Int max) {
    Int value{};
    const std::string& t = node.text;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (!node.IsScalar() || ec != std::errc() || p != t.data() + t.size() || value < min ||
        value > max)
      return Bad(node, key,
                 "an integer from " + std::to_string(min) + " to " + std::to_string(max));
    out = value;
  }

  void Bool(const YamlNode& node, const std::string& key, bool& out) {
    if (node.IsScalar() && (node.text == "true" || node.text == "false"))
      out = node.text == "true";
    else
      Bad(node, key, "true or false");
  }

  void StringList(const YamlNode& node, const std::string& key, std::vector<std::string>& out) {
    if (!node.IsSequence()) return Bad(node, key, "a list of strings");
    out.clear();
    for (const YamlNode& item : node.items) {
      if (!item.IsScalar()) return Bad(item, key, "a list of strings");
      out.push_back(item.text);
    }
  }

  void OneOf(const YamlNode& node, const std::string& key, std::string& out,
             std::initializer_list<const char*> allowed) {
    std::string value;
    String(node, key, value);
    std::string list;
    for (const char* a : allowed) {
      if (value == a) {
        out = value;
        return;
      }
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    if (node.IsScalar()) Bad(node, key, "one of " + list);
  }

  void Unknown(const YamlEntry& e, const std::string& key) {
    diags_.Error(e.key_pos.line ? e.key_pos : e.value.pos,
                 "unknown configuration key '" + key + "'");
  }

  bool ExpectMapping(const YamlNode& node, const std::string& key) {
    if (node.IsMapping() || node.IsNull()) return true;
    Bad(node, key, "a mapping");
    return false;
  }

 private:
  void Bad(const YamlNode& node, const std::string& key, const std::string& expected) {
    diags_.Error(node.pos, "configuration key '" + key + "' must be " + expected);
  }
  Diagnostics& diags_;
};

void ReadSection(Reader& r, const YamlNode& node, const std::string& section, ServerConfig& c);

void ReadTopLevel(Reader& r, const YamlEntry& e, ServerConfig& c) {
  const std::string& k = e.key;
  const YamlNode& v = e.value;
  if (k == "listen")
    r.String(v, k, c.listen);
  else if (k == "worker_token")
    r.String(v, k, c.worker_token);
  else if (k == "lease_seconds")
    r.Integer(v, k, c.lease_seconds, 1, 86400);
  else if (k == "sweep_interval_secs")
    r.Integer(v, k, c.sweep_interval_secs, 1, 3600);
  else if (k == "claim_max_wait_ms")
    r.Integer(v, k, c.claim_max_wait_ms, 0, 300000);
  else if (k == "log_format")
    r.OneOf(v, k, c.log_format, {"text", "json"});
  else if (k == "log_level")
    r.OneOf(v, k, c.log_level, {"debug", "info", "warn", "error"});
  else if (k == "db" || k == "log_storage" || k == "workspace" || k == "http" ||
           k == "embedded_worker")
    ReadSection(r, v, k, c);
  else
    r.Unknown(e, k);
}

void ReadEntry(Reader& r, const std::string& section, const YamlEntry& e, ServerConfig& c) {
  std::string key = section + "." + e.key;
  const YamlNode& v = e.value;
  if (key == "db.url")
    r.String(v, key, c.db_url);
  else if (key == "log_storage.local_dir")
    r.String(v, key, c.log_dir);
  else if (key == "workspace.type" || key == "workspace.source_type")
    r.OneOf(v, key, c.workspace_type, {"folder"});
  else if (key == "workspace.path")
    r.String(v, key, c.workspace_path);
  else if (key == "http.max_body_bytes")
    r.Integer(v, key, c.max_body_bytes, size_t{1024}, size_t{1} << 30);
  else if (key == "http.request_timeout_secs")
    r.Integer(v, key, c.request_timeout_secs, 1, 3600);
  else if (key == "http.io_threads")
    r.Integer(v, key, c.io_threads, 1, 64);
  else if (key == "http.handler_threads")
    r.Integer(v, key, c.handler_threads, 1, 256);
  else if (key == "embedded_worker.enabled")
    r.Bool(v, key, c.embedded_worker.enabled);
  else if (key == "embedded_worker.worker_name")
    r.String(v, key, c.embedded_worker.worker_name);
  else if (key == "embedded_worker.max_concurrent")
    r.Integer(v, key, c.embedded_worker.max_concurrent, 1, 1024);
  else if (key == "embedded_worker.capabilities")
    r.StringList(v, key, c.embedded_worker.capabilities);
  else
    r.Unknown(e, key);
}

void ReadSection(Reader& r, const YamlNode& node, const std::string& section, ServerConfig& c) {
  if (!r.ExpectMapping(node, section)) return;
  // An `embedded_worker:` section turns the embedded worker on unless it says otherwise.
  if (section == "embedded_worker") c.embedded_worker.enabled = true;
  for (const YamlEntry& e : node.entries) ReadEntry(r, section, e, c);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInvalidArgument, "cannot read configuration file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string Join(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.Sorted()) out += (out.empty() ? "" : "\n") + d.ToString();
  return out;
}

}  // namespace

std::string ServerConfig::host() const {
  size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return host.empty() ? "0.0.0.0" : host;
}

uint16_t ServerConfig::port() const {
  size_t colon = listen.rfind(':');
  unsigned value = 8080;
  if (colon != std::string::npos)
    std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), value);
  return static_cast<uint16_t>(value);
}

namespace {

// `content` is null for "no file": the single-node defaults with the embedded worker on.
Result<ServerConfig> Build(const std::string& file, const std::string_view* content,
                           char** environ_block) {
  ServerConfig config;
  Diagnostics diags;
  YamlNode root;
  if (!content) {
    config.source = "defaults";
    config.embedded_worker.enabled = true;
  } else {
    config.source = file;
    auto parsed = yaml::ParseYaml(file, *content, diags);
    if (!parsed) return Fail(ErrorCode::kInvalidArgument, Join(diags));
    root = std::move(*parsed);
  }
  yaml::ApplyOverrides(root, yaml::EnvOverrides(environ_block), diags);
  Reader reader(diags);
  if (reader.ExpectMapping(root, "the top level"))
    for (const YamlEntry& e : root.entries) ReadTopLevel(reader, e, config);
  if (diags.HasErrors()) return Fail(ErrorCode::kInvalidArgument, Join(diags));
  return config;
}

}  // namespace

Result<ServerConfig> LoadServerConfig(const std::string& path, char** environ_block) {
  if (path.empty()) return Build(path, nullptr, environ_block);
  Result<std::string> content = ReadFile(path);
  if (!content) return tl::unexpected(content.error());
  std::string_view view = *content;
  return Build(path, &view, environ_block);
}

Result<ServerConfig> ParseServerConfig(const std::string& file, std::string_view content,
                                       char** environ_block) {
  return Build(file, &content, environ_block);
}

}  // namespace stroem::server
