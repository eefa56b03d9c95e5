// Small output helpers shared by the commands.
#pragma once

#include <string>
#include <string_view>

namespace stroem::cli {

// `text` padded with spaces to `width` characters (UTF-8 aware; never truncates), like
// Rust's `{:width}` that the seed CLI used for its tables.
std::string Pad(std::string_view text, size_t width);

}  // namespace stroem::cli
