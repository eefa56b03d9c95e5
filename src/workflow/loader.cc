#include "workflow/loader.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "workflow/internal/parse_file.h"
#include "workflow/validate.h"
#include "yaml/yaml_json.h"

namespace stroem::workflow {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

bool IsWorkflowFile(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

std::string Where(const SourcePos& pos) {
  return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
}

template <typename T>
void MergeByName(std::vector<T>& items, std::map<std::string, T>& into, const char* what,
                 Diagnostics& diags) {
  for (T& item : items) {
    auto [it, inserted] = into.try_emplace(item.name, item);
    if (!inserted)
      diags.Error(item.pos, std::string(what) + " '" + item.name + "' is already defined at " +
                                Where(it->second.pos));
  }
}

void MergeSecrets(internal::FileContents& file, Workspace& ws, json::object& secrets,
                  Diagnostics& diags) {
  for (const yaml::YamlEntry& e : file.secret_entries) {
    if (secrets.contains(e.key)) {
      diags.Error(e.key_pos, "secret '" + e.key + "' is already defined in another file");
      continue;
    }
    secrets[e.key] = json::parse(yaml::ToJsonText(e.value));
  }
  for (SecretLeaf& leaf : file.secrets) ws.secrets.push_back(std::move(leaf));
}

}  // namespace

std::vector<std::string> WorkflowFiles(const std::string& root) {
  std::error_code ec;
  fs::path dir = fs::path(root) / ".workflows";
  if (!fs::is_directory(dir, ec)) dir = root;
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && IsWorkflowFile(entry.path()))
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

LoadResult LoadWorkspace(const std::string& root) {
  return LoadFiles(WorkflowFiles(root));
}

LoadResult LoadFiles(const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, std::string>> sources;
  Diagnostics unreadable;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      unreadable.Error({file, 0, 0}, "cannot read file");
      continue;
    }
    std::ostringstream content;
    content << in.rdbuf();
    sources.emplace_back(file, content.str());
  }
  LoadResult result = LoadSources(sources);
  for (const Diagnostic& d : unreadable.all()) result.diagnostics.Error(d.pos, d.message);
  return result;
}

LoadResult LoadSources(const std::vector<std::pair<std::string, std::string>>& sources) {
  LoadResult result;
  Workspace& ws = result.workspace;
  json::object secrets;
  for (const auto& [file, content] : sources) {
    ws.files.push_back(file);
    auto tree = yaml::ParseYaml(file, content, result.diagnostics);
    if (!tree) continue;
    internal::FileContents parsed = internal::ParseWorkflowFile(*tree, result.diagnostics);
    MergeByName(parsed.actions, ws.actions, "action", result.diagnostics);
    MergeByName(parsed.tasks, ws.tasks, "task", result.diagnostics);
    MergeByName(parsed.triggers, ws.triggers, "trigger", result.diagnostics);
    MergeSecrets(parsed, ws, secrets, result.diagnostics);
  }
  ws.secrets_json = json::serialize(secrets);
  Validate(ws, result.diagnostics);
  return result;
}

}  // namespace stroem::workflow
