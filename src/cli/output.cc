#include "cli/output.h"

#include <ostream>

#include "cli/commands.h"

namespace stroem::cli {

std::string Pad(std::string_view text, size_t width) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  std::string out(text);
  if (chars < width) out.append(width - chars, ' ');
  return out;
}

int PrintError(const CliContext& ctx, const std::string& message) {
  ctx.err << "Error: " << message << '\n';
  return 1;
}

}  // namespace stroem::cli
