// String filters: case, trimming, replace/split, quoting and conversions to text.
#include <boost/json.hpp>

#include "template/internal/filters.h"
#include "template/internal/print.h"
#include "template/internal/unicode.h"

namespace stroem::tmpl::internal {
namespace {

namespace json = boost::json;

FilterResult Text(std::string s) {
  return Value::Own(json::string(s));
}

// Runs `fn` on the input string, or fails naming `filter`.
template <typename Fn>
FilterResult OnString(std::string_view filter, const Value& in, Fn fn) {
  if (!in->is_string()) return tl::unexpected(TypeMismatch(filter, "a string", in.get()));
  return Text(fn(std::string_view(in->get_string())));
}

bool IsSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Rust's str::replace with an empty pattern inserts `to` around every character.
std::string ReplaceEmpty(std::string_view s, std::string_view to) {
  std::string out(to);
  for (size_t i = 0; i < s.size();) {
    size_t len = std::min(Utf8SequenceLength(static_cast<unsigned char>(s[i])), s.size() - i);
    out.append(s.substr(i, len));
    out.append(to);
    i += len;
  }
  return out;
}

std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  if (from.empty()) return ReplaceEmpty(s, to);
  std::string out;
  size_t pos = 0;
  for (size_t hit = s.find(from); hit != std::string_view::npos; hit = s.find(from, pos)) {
    out.append(s.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
  }
  out.append(s.substr(pos));
  return out;
}

}  // namespace

FilterResult FilterUpper(Value in, FilterArgs) {
  return OnString("upper", in, [](std::string_view s) { return MapCase(s, Case::kUpper); });
}

FilterResult FilterLower(Value in, FilterArgs) {
  return OnString("lower", in, [](std::string_view s) { return MapCase(s, Case::kLower); });
}

FilterResult FilterCapitalize(Value in, FilterArgs) {
  return OnString("capitalize", in,
                  [](std::string_view s) { return CapitalizeText(s, Capitalize::kFirst); });
}

FilterResult FilterTitle(Value in, FilterArgs) {
  return OnString("title", in,
                  [](std::string_view s) { return CapitalizeText(s, Capitalize::kWords); });
}

FilterResult FilterTrim(Value in, FilterArgs) {
  return OnString("trim", in, [](std::string_view s) {
    while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
    return std::string(s);
  });
}

FilterResult FilterReplace(Value in, FilterArgs args) {
  for (const json::value* arg : args) {
    if (!arg->is_string()) return tl::unexpected(TypeMismatch("replace", "string arguments", *arg));
  }
  std::string_view from = args[0]->get_string(), to = args[1]->get_string();
  return OnString("replace", in, [&](std::string_view s) { return ReplaceAll(s, from, to); });
}

FilterResult FilterSplit(Value in, FilterArgs args) {
  if (!args[0]->is_string())
    return tl::unexpected(TypeMismatch("split", "a string 'pat'", *args[0]));
  std::string_view pat = args[0]->get_string();
  if (pat.empty()) return tl::unexpected(std::string("filter 'split' needs a non-empty 'pat'"));
  if (!in->is_string()) return tl::unexpected(TypeMismatch("split", "a string", in.get()));
  std::string_view s = in->get_string();
  json::array parts;
  size_t pos = 0;
  for (size_t hit = s.find(pat); hit != std::string_view::npos; hit = s.find(pat, pos)) {
    parts.emplace_back(json::string(s.substr(pos, hit - pos)));
    pos = hit + pat.size();
  }
  parts.emplace_back(json::string(s.substr(pos)));
  return Value::Own(std::move(parts));
}

// POSIX single quotes; each ' becomes '\'' (close, escaped quote, reopen).
FilterResult FilterShellQuote(Value in, FilterArgs) {
  std::string text;
  PrintValue(in.get(), text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return Text(std::move(out));
}

FilterResult FilterString(Value in, FilterArgs) {
  if (in->is_string()) return in;
  std::string out;
  PrintValue(in.get(), out);
  return Text(std::move(out));
}

FilterResult FilterJsonEncode(Value in, FilterArgs args) {
  std::string out;
  WriteJson(in.get(), out, args[0] != nullptr && Truthy(*args[0]));
  return Text(std::move(out));
}

}  // namespace stroem::tmpl::internal
