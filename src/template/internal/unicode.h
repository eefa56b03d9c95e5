// Small UTF-8 helpers: code point counting, encoding and case mapping.
// Invalid bytes are passed through unchanged, never rejected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stroem::tmpl::internal {

// Length of the sequence a lead byte announces (1 for ASCII and stray bytes).
size_t Utf8SequenceLength(unsigned char lead);

size_t CountCodePoints(std::string_view s);

void AppendUtf8(uint32_t code_point, std::string& out);

enum class Case { kUpper, kLower };

// Maps every character (Unicode-aware where the C library knows the mapping).
std::string MapCase(std::string_view s, Case to);

// Upper-cases the first letter of the string (kFirst) or of every
// whitespace-separated word (kWords); everything else is lower-cased.
enum class Capitalize { kFirst, kWords };
std::string CapitalizeText(std::string_view s, Capitalize mode);

}  // namespace stroem::tmpl::internal
