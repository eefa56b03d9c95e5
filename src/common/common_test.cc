#include <gtest/gtest.h>

#include <set>

#include "common/clock.h"
#include "common/duration.h"
#include "common/error.h"
#include "common/id.h"
#include "common/utf8.h"

namespace stroem {
namespace {

TEST(Id, NewUuidIsCanonicalAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuid();
    EXPECT_TRUE(IsUuid(id)) << id;
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(Id, IsUuidRejectsMalformed) {
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("not-a-uuid"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(IsUuid("123e4567e89b-12d3-a456-4266141740000"));
  EXPECT_TRUE(IsUuid("123E4567-E89B-12D3-A456-426614174000"));
}

TEST(Clock, ManualClockAdvances) {
  ManualClock clock;
  TimePoint start = clock.Now();
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(clock.Now() - start, std::chrono::seconds(5));
}

TEST(Clock, FormatsRfc3339WithMicroseconds) {
  TimePoint t{std::chrono::microseconds(1'700'000'000'123'456)};
  EXPECT_EQ(FormatRfc3339(t), "2023-11-14T22:13:20.123456Z");
}

TEST(Error, FailBuildsUnexpected) {
  Result<int> r = Fail(ErrorCode::kNotFound, "Job not found");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message, "Job not found");
}

TEST(Duration, ParsesUnitsInOrder) {
  using std::chrono::milliseconds;
  EXPECT_EQ(ParseDuration("30s"), milliseconds(30'000));
  EXPECT_EQ(ParseDuration("5m"), milliseconds(300'000));
  EXPECT_EQ(ParseDuration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(ParseDuration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("1s500ms"), milliseconds(1'500));
  for (const char* bad : {"", "30", "s", "5x", "1m1h", "1s1s", "-5s", "1.5s", " 5s", "5s ", "0s",
                          "0h0m", "99999999999999999999s", "10001h"})
    EXPECT_FALSE(ParseDuration(bad)) << bad;
}

TEST(Duration, FormatsTheShortestReadableForm) {
  using std::chrono::milliseconds;
  EXPECT_EQ(FormatDuration(milliseconds(300'000)), "5m");
  EXPECT_EQ(FormatDuration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(1'000)), "1s");
  EXPECT_EQ(FormatDuration(milliseconds(1'500)), "1s500ms");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  for (const char* text : {"1h30m", "2m5s", "500ms", "3h"})
    EXPECT_EQ(FormatDuration(*ParseDuration(text)), text);
}

// The server checks compact log chunks with these (the runner's cases: runner capture_test).
TEST(Utf8, RepairsEachMaximalIllFormedSubpart) {
  EXPECT_EQ(SanitizeUtf8("ascii ✓ 😀"), "ascii ✓ 😀");
  EXPECT_EQ(SanitizeUtf8("\xFF"), "\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8("\xE0\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(SanitizeUtf8("\xE2\x9C"), "\xEF\xBF\xBD");  // truncated: one maximal subpart
  EXPECT_TRUE(IsWellFormedUtf8("0123456789 ascii ✓ 😀 and more than eight bytes"));
  EXPECT_FALSE(IsWellFormedUtf8("0123456789abcdef\xED\xA0\x80"));  // surrogate after ASCII
}

TEST(Utf8, SafeCutNeverSplitsACharacter) {
  std::string text = "ab\xE2\x9C\x93" "cd";  // "ab✓cd"
  EXPECT_EQ(Utf8SafeCut(text, 3), 2u);
  EXPECT_EQ(Utf8SafeCut(text, 4), 2u);
  EXPECT_EQ(Utf8SafeCut(text, 5), 5u);
}

}  // namespace
}  // namespace stroem
