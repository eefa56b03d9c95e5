#include "yaml/yaml_tree.h"

#include <libfyaml.h>

#include <cstdint>
#include <memory>

namespace stroem::yaml {
namespace {

// Limits that keep hostile documents from exhausting memory or the stack.
constexpr int kMaxDepth = 200;
constexpr size_t kMaxNodes = 1'000'000;

struct DiagDeleter {
  void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};
struct DocDeleter {
  void operator()(fy_document* d) const { fy_document_destroy(d); }
};

// Silences libfyaml's own printing: errors are collected and reported by us.
void DiscardOutput(fy_diag*, void*, const char*, size_t) {}

class TreeBuilder {
 public:
  TreeBuilder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  std::optional<YamlNode> Build(fy_node* node, const SourcePos& parent, int depth) {
    if (++nodes_ > kMaxNodes)
      return Fail(parent, "document too large (aliases expand past 1,000,000 nodes)");
    if (depth > kMaxDepth) return Fail(parent, "document nested too deeply (more than 200 levels)");
    if (node == nullptr) return YamlNode{YamlNode::Kind::kNull, "", false, parent, {}, {}};
    if (fy_node_is_alias(node)) {
      fy_node* target = fy_node_resolve_alias(node);
      if (target == nullptr) return Fail(PosOf(node, parent), "unresolved alias");
      return Build(target, PosOf(node, parent), depth + 1);
    }
    if (fy_node_is_mapping(node)) return BuildMapping(node, parent, depth);
    if (fy_node_is_sequence(node)) return BuildSequence(node, parent, depth);
    return BuildScalar(node, parent);
  }

 private:
  std::optional<YamlNode> Fail(const SourcePos& pos, std::string message) {
    if (!failed_) diags_.Error(pos, std::move(message));
    failed_ = true;
    return std::nullopt;
  }

  SourcePos PosOf(fy_node* node, const SourcePos& fallback) const {
    fy_token* token = fy_node_get_scalar_token(node);
    if (token == nullptr) return fallback;
    const fy_mark* mark = fy_token_start_mark(token);
    if (mark == nullptr) return fallback;
    return SourcePos{file_, mark->line + 1, mark->column + 1};
  }

  std::optional<YamlNode> BuildScalar(fy_node* node, const SourcePos& parent) {
    YamlNode out;
    out.pos = PosOf(node, parent);
    size_t len = 0;
    const char* text = fy_node_get_scalar(node, &len);
    out.text.assign(text ? text : "", len);
    enum fy_node_style style = fy_node_get_style(node);
    out.quoted = style != FYNS_PLAIN && style != FYNS_ANY;
    size_t tag_len = 0;
    const char* tag = fy_node_get_tag(node, &tag_len);
    if (tag != nullptr && std::string_view(tag, tag_len).ends_with(":str")) out.quoted = true;
    bool is_null = !out.quoted && (out.text.empty() || out.text == "~" || out.text == "null" ||
                                   out.text == "Null" || out.text == "NULL");
    out.kind = is_null ? YamlNode::Kind::kNull : YamlNode::Kind::kScalar;
    return out;
  }

  std::optional<YamlNode> BuildMapping(fy_node* node, const SourcePos& parent, int depth) {
    YamlNode out;
    out.kind = YamlNode::Kind::kMapping;
    out.pos = parent;
    bool first = true;
    void* iter = nullptr;
    while (fy_node_pair* pair = fy_node_mapping_iterate(node, &iter)) {
      fy_node* key = fy_node_pair_key(pair);
      if (key != nullptr && fy_node_is_alias(key)) key = fy_node_resolve_alias(key);
      if (key == nullptr || !fy_node_is_scalar(key))
        return Fail(parent, "mapping keys must be plain strings");
      SourcePos key_pos = PosOf(key, parent);
      if (first) out.pos = key_pos;
      first = false;
      auto value = Build(fy_node_pair_value(pair), key_pos, depth + 1);
      if (!value) return std::nullopt;
      std::string name = fy_node_get_scalar0(key);
      if (name == "<<" && fy_node_get_style(key) == FYNS_PLAIN) {
        if (!MergeInto(out, *value))
          return Fail(key_pos, "'<<' merges a mapping or a list of mappings");
        continue;
      }
      out.entries.push_back({std::move(name), key_pos, std::move(*value)});
    }
    ApplyMerged(out);
    return out;
  }

  // YAML merge keys (`<<: *defaults`): entries the mapping lacks are copied in.
  // Keys written in the mapping itself win, wherever they appear.
  static bool MergeInto(YamlNode& out, const YamlNode& source) {
    if (source.IsSequence()) {
      for (const YamlNode& item : source.items)
        if (!MergeInto(out, item)) return false;
      return true;
    }
    if (!source.IsMapping()) return false;
    for (const YamlEntry& e : source.entries) {
      bool present = false;
      for (const YamlEntry& mine : out.entries) present = present || mine.key == e.key;
      if (!present) out.merged.push_back(e);
    }
    return true;
  }

  static void ApplyMerged(YamlNode& out) {
    for (YamlEntry& e : out.merged) {
      bool present = false;
      for (const YamlEntry& mine : out.entries) present = present || mine.key == e.key;
      if (!present) out.entries.push_back(std::move(e));
    }
    out.merged.clear();
  }

  std::optional<YamlNode> BuildSequence(fy_node* node, const SourcePos& parent, int depth) {
    YamlNode out;
    out.kind = YamlNode::Kind::kSequence;
    out.pos = parent;
    void* iter = nullptr;
    while (fy_node* item = fy_node_sequence_iterate(node, &iter)) {
      auto value = Build(item, parent, depth + 1);
      if (!value) return std::nullopt;
      if (out.items.empty()) out.pos = value->pos;
      out.items.push_back(std::move(*value));
    }
    return out;
  }

  const std::string& file_;
  Diagnostics& diags_;
  size_t nodes_ = 0;
  bool failed_ = false;
};

std::unique_ptr<fy_diag, DiagDeleter> MakeCollectingDiag() {
  fy_diag_cfg cfg;
  fy_diag_cfg_default(&cfg);
  cfg.fp = nullptr;
  cfg.output_fn = DiscardOutput;
  std::unique_ptr<fy_diag, DiagDeleter> diag(fy_diag_create(&cfg));
  if (diag) fy_diag_set_collect_errors(diag.get(), true);
  return diag;
}

// Reports what libfyaml collected; returns false when it found nothing.
bool ReportParseErrors(fy_diag* diag, const std::string& file, Diagnostics& diags) {
  bool any = false;
  void* iter = nullptr;
  while (fy_diag_error* err = fy_diag_errors_iterate(diag, &iter)) {
    if (err->type < FYET_ERROR) continue;
    std::string message = err->msg ? err->msg : "invalid YAML";
    diags.Error(SourcePos{file, err->line, err->column}, "YAML: " + message);
    any = true;
  }
  return any;
}

bool OnlyCommentsOrBlank(std::string_view content) {
  size_t i = 0;
  while (i < content.size()) {
    size_t end = content.find('\n', i);
    std::string_view line = content.substr(i, end == std::string_view::npos ? end : end - i);
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#' && line.substr(first) != "---" &&
        line.substr(first) != "...")
      return false;
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  return true;
}

// Length of the valid UTF-8 sequence at `p`, or 0 when it is not valid.
size_t Utf8SequenceLength(std::string_view text, size_t p) {
  unsigned char c = text[p];
  if (c < 0x80) return c == 0 ? 0 : 1;  // NUL is not text
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || p + len > text.size()) return 0;
  uint32_t cp = c & (0xFF >> (len + 1));
  for (size_t i = 1; i < len; ++i) {
    unsigned char cc = text[p + i];
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// YAML files must be UTF-8 text. libfyaml 0.7.12 can loop forever on a NUL
// byte or on invalid UTF-8, so such input is refused before it gets there.
bool RejectNonText(const std::string& file, std::string_view content, Diagnostics& diags) {
  int line = 1, col = 1;
  for (size_t p = 0; p < content.size();) {
    size_t len = Utf8SequenceLength(content, p);
    if (len == 0) {
      diags.Error(SourcePos{file, line, col},
                  content[p] == 0 ? "YAML: the file contains a NUL byte; it must be text"
                                  : "YAML: invalid UTF-8; workflow files must be UTF-8 text");
      return true;
    }
    if (content[p] == '\n')
      line++, col = 1;
    else
      col++;
    p += len;
  }
  return false;
}

}  // namespace

const char* YamlNode::KindName() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kScalar:
      return "a scalar";
    case Kind::kMapping:
      return "a mapping";
    case Kind::kSequence:
      return "a list";
  }
  return "unknown";
}

std::optional<YamlNode> ParseYaml(const std::string& file, std::string_view content,
                                  Diagnostics& diags) {
  SourcePos top{file, 1, 1};
  if (RejectNonText(file, content, diags)) return std::nullopt;
  if (OnlyCommentsOrBlank(content)) return YamlNode{YamlNode::Kind::kNull, "", false, top, {}, {}};
  auto diag = MakeCollectingDiag();
  fy_parse_cfg cfg{};
  cfg.flags = FYPCF_QUIET;
  cfg.diag = diag.get();
  // libfyaml 0.7.12 reads alias paths with strtol straight from the input, past its
  // length when the text ends inside one ("- */-", found by fuzzing): hand it a
  // NUL-terminated copy that outlives the document.
  const std::string text(content);
  std::unique_ptr<fy_document, DocDeleter> doc(
      fy_document_build_from_string(&cfg, text.c_str(), text.size()));
  if (!doc) {
    if (!diag || !ReportParseErrors(diag.get(), file, diags))
      diags.Error(top, "YAML: invalid document");
    return std::nullopt;
  }
  return TreeBuilder(file, diags).Build(fy_document_root(doc.get()), top, 0);
}

}  // namespace stroem::yaml
