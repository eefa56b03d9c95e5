#include "runner/internal/capture.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "runner/internal/line_splitter.h"
#include "runner/internal/output_parser.h"
#include "common/utf8.h"
#include "runner/test_util.h"

namespace stroem::runner::internal {
namespace {

using ::testing::ElementsAre;
using Fragments = std::vector<std::pair<std::string, bool>>;

Fragments Split(size_t limit, const std::vector<std::string>& chunks, bool finish = true) {
  LineSplitter splitter(limit);
  Fragments out;
  auto emit = [&](std::string_view f, bool end) { out.emplace_back(std::string(f), end); };
  for (const auto& c : chunks) splitter.Feed(c, emit);
  if (finish) splitter.Finish(emit);
  return out;
}

TEST(LineSplitter, SplitsLinesAcrossReads) {
  EXPECT_EQ(Split(100, {"a\nb", "c\n", "\n", "tail"}),
            (Fragments{{"a", true}, {"bc", true}, {"", true}, {"tail", true}}));
}

TEST(LineSplitter, StripsCarriageReturnBeforeNewlineOnly) {
  EXPECT_EQ(Split(100, {"a\r\nb\rc\n"}), (Fragments{{"a", true}, {"b\rc", true}}));
}

TEST(LineSplitter, SplitsLongLinesWithoutDroppingBytes) {
  std::string line(40, 'x');
  EXPECT_EQ(Split(16, {line.substr(0, 10), line.substr(10) + "\n"}),
            (Fragments{{std::string(16, 'x'), false},
                       {std::string(16, 'x'), false},
                       {std::string(8, 'x'), true}}));
  EXPECT_EQ(Split(16, {std::string(16, 'y') + "\n"}), (Fragments{{std::string(16, 'y'), true}}));
}

TEST(LineSplitter, NeverCutsInsideAUtf8Sequence) {
  std::string line = std::string(15, 'x') + "\xC3\xA6" + "z\n";  // "æ" straddles byte 16
  EXPECT_EQ(Split(16, {line}), (Fragments{{std::string(15, 'x'), false}, {"\xC3\xA6z", true}}));
}

TEST(Utf8, ValidTextIsUnchanged) {
  EXPECT_EQ(SanitizeUtf8("Strøm ✓ 😀"), "Strøm ✓ 😀");
}

TEST(Utf8, InvalidBytesAreReplaced) {
  EXPECT_EQ(SanitizeUtf8("a\xFF"
                         "b"),
            "a\uFFFDb");
  EXPECT_EQ(SanitizeUtf8("\xC3"), "\uFFFD");  // truncated
  EXPECT_EQ(SanitizeUtf8("\xE2\x9C"
                         "x"),
            "\uFFFDx");                                           // one maximal subpart
  EXPECT_EQ(SanitizeUtf8("\xC0\xAF"), "\uFFFD\uFFFD");            // overlong
  EXPECT_EQ(SanitizeUtf8("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // surrogate
}

std::vector<std::string> FeedLines(OutputParser& parser, const std::vector<std::string>& lines) {
  std::vector<std::string> notes;
  for (const auto& l : lines) {
    if (auto note = parser.OnFragment(l, true)) notes.push_back(*note);
  }
  return notes;
}

TEST(OutputParser, LastValidWinsAndInvalidIsNoted) {
  OutputParser parser(1024);
  auto notes =
      FeedLines(parser, {"OUTPUT: {\"a\": 1}", "OUTPUT: [1, 2]", "OUTPUT: {broken", "plain"});
  EXPECT_EQ(parser.output(), "[1,2]");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_THAT(notes[0], ::testing::StartsWith("[stroem] ignored invalid OUTPUT line: "));
}

TEST(OutputParser, PrefixMustBeExactAtColumnZero) {
  OutputParser parser(1024);
  EXPECT_TRUE(FeedLines(parser, {" OUTPUT: 1", "OUTPUT:2", "output: 3", "x OUTPUT: 4"}).empty());
  EXPECT_EQ(parser.output(), std::nullopt);
  FeedLines(parser, {"OUTPUT: \"text\"", "OUTPUT: 42"});
  EXPECT_EQ(parser.output(), "42");
}

TEST(OutputParser, AssemblesSplitLinesAndBoundsTheirSize) {
  OutputParser parser(16);
  EXPECT_EQ(parser.OnFragment("OUTPUT: {\"k\":", false), std::nullopt);
  EXPECT_EQ(parser.OnFragment(" \"v\"}", true), std::nullopt);
  EXPECT_EQ(parser.output(), "{\"k\":\"v\"}");
  EXPECT_EQ(parser.OnFragment("OUTPUT: [1,2,3,4,5,", false), std::nullopt);
  auto note = parser.OnFragment("6,7,8]", true);
  ASSERT_TRUE(note);
  EXPECT_THAT(*note, ::testing::HasSubstr("larger than 16 bytes"));
  EXPECT_EQ(parser.output(), "{\"k\":\"v\"}");
}

TEST(OutputCapture, KeepsOnlyTheEndOfStderr) {
  testing::RecordingSink sink;
  ManualClock clock;
  OutputCapture capture(sink, clock, {64, 1024, 8});
  capture.OnBytes(Stream::kStderr, "first line\nsecond\nlast\n");
  EXPECT_EQ(capture.StderrTail(), "ond\nlast");
  capture.OnBytes(Stream::kStdout, "no newline");
  capture.OnEof(Stream::kStdout);
  EXPECT_THAT(sink.Stdout(), ElementsAre("no newline"));
  EXPECT_EQ(sink.All()[0].time, clock.Now());
}

}  // namespace
}  // namespace stroem::runner::internal
