// JSON text like serde_json's to_string / to_string_pretty. boost::json's own
// serializer writes doubles as 1.5E0, which the original engine never did.
#include <boost/json.hpp>

#include "template/internal/print.h"

namespace stroem::tmpl::internal {
namespace {

namespace json = boost::json;

void WriteString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

class Writer {
 public:
  Writer(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  void Write(const json::value& v) {
    switch (v.kind()) {
      case json::kind::null:
        out_ += "null";
        return;
      case json::kind::string:
        WriteString(v.get_string(), out_);
        return;
      case json::kind::double_:
        AppendDouble(v.get_double(), out_);
        return;
      case json::kind::array:
        WriteArray(v.get_array());
        return;
      case json::kind::object:
        WriteObject(v.get_object());
        return;
      default:
        PrintValue(v, out_);
        return;  // integers and booleans
    }
  }

 private:
  void WriteArray(const json::array& a) {
    if (a.empty()) {
      out_ += "[]";
      return;
    }
    Open('[');
    for (size_t i = 0; i < a.size(); ++i) {
      Separator(i);
      Write(a[i]);
    }
    Close(']');
  }

  void WriteObject(const json::object& o) {
    if (o.empty()) {
      out_ += "{}";
      return;
    }
    Open('{');
    size_t i = 0;
    for (const auto& kv : o) {
      Separator(i++);
      WriteString(kv.key(), out_);
      out_ += pretty_ ? ": " : ":";
      Write(kv.value());
    }
    Close('}');
  }

  void Open(char c) {
    out_ += c;
    ++depth_;
  }
  void Separator(size_t index) {
    if (index > 0) out_ += ',';
    Newline();
  }
  void Close(char c) {
    --depth_;
    Newline();
    out_ += c;
  }
  void Newline() {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(2 * depth_, ' ');
  }

  std::string& out_;
  bool pretty_;
  int depth_ = 0;
};

}  // namespace

void WriteJson(const json::value& v, std::string& out, bool pretty) {
  Writer(out, pretty).Write(v);
}

}  // namespace stroem::tmpl::internal
