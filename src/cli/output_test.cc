#include "cli/output.h"

#include <gtest/gtest.h>

namespace stroem::cli {
namespace {

TEST(Output, PadCountsCharactersNotBytes) {
  EXPECT_EQ(Pad("ab", 4), "ab  ");
  EXPECT_EQ(Pad("abcdef", 4), "abcdef");
  EXPECT_EQ(Pad("strøm", 6), "strøm ");
}

}  // namespace
}  // namespace stroem::cli
