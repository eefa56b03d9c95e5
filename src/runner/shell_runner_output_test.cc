// ShellRunner output capture with real processes: OUTPUT lines, long and invalid lines,
// large volumes, ordering.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/shell_runner.h"
#include "runner/test_util.h"

namespace stroem::runner {
namespace {

using testing::Cmd;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::RecordingSink;
using testing::RunStep;
using ::testing::StartsWith;
using testing::TempWorkspace;

class OutputTest : public ::testing::Test {
 protected:
  StepOutcome RunCmd(const std::string& cmd, ShellRunnerOptions options = {}) {
    return RunStep(Cmd(cmd, ws_.dir()), sink_, options);
  }
  TempWorkspace ws_;
  RecordingSink sink_;
};

TEST_F(OutputTest, LastValidOutputLineWins) {
  StepOutcome out = RunCmd(
      "echo 'OUTPUT: {\"a\": 1}'; echo 'OUTPUT: {\"b\": [true, null]}'; echo 'OUTPUT: {nope'");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.output_json, "{\"b\":[true,null]}");
  // The OUTPUT lines stay in the log; the invalid one is noted right after it.
  EXPECT_THAT(sink_.Stdout(),
              ElementsAre("OUTPUT: {\"a\": 1}", "OUTPUT: {\"b\": [true, null]}", "OUTPUT: {nope"));
  ASSERT_EQ(sink_.Stderr().size(), 1u);
  EXPECT_THAT(sink_.Stderr()[0], StartsWith("[stroem] ignored invalid OUTPUT line: "));
  EXPECT_EQ(sink_.All().back().stream, Stream::kStderr);
}

TEST_F(OutputTest, AnyJsonValueAndCrlfLineEndings) {
  EXPECT_EQ(RunCmd("printf 'OUTPUT: \"done\"\\r\\n'").output_json, "\"done\"");
  EXPECT_THAT(sink_.Stdout(), ElementsAre("OUTPUT: \"done\""));
  EXPECT_EQ(RunCmd("echo 'OUTPUT: 42'").output_json, "42");
  EXPECT_EQ(RunCmd("printf 'OUTPUT: [1]'").output_json, "[1]");  // no final newline
}

TEST_F(OutputTest, OnlyExactPrefixAtColumnZeroOnStdoutCounts) {
  StepOutcome out =
      RunCmd("echo ' OUTPUT: 1'; echo 'OUTPUT:2'; echo 'log OUTPUT: 3'; echo 'OUTPUT: 4' >&2");
  EXPECT_EQ(out.output_json, std::nullopt);
  EXPECT_THAT(sink_.Stderr(), ElementsAre("OUTPUT: 4"));  // no note: stderr is not parsed
}

TEST_F(OutputTest, InvalidOutputDoesNotClearAnEarlierValue) {
  EXPECT_EQ(RunCmd("echo 'OUTPUT: 1'; echo 'OUTPUT: '").output_json, "1");
}

TEST_F(OutputTest, LongLinesAreSplitNotDropped) {
  ShellRunnerOptions options;
  options.max_line_bytes = 1000;
  StepOutcome out = RunCmd("head -c 2500 /dev/zero | tr '\\0' x; echo; echo after", options);
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(sink_.Stdout(), ElementsAre(std::string(1000, 'x'), std::string(1000, 'x'),
                                          std::string(500, 'x'), "after"));
}

TEST_F(OutputTest, InvalidUtf8IsReplaced) {
  StepOutcome out = RunCmd("printf 'ok \\377\\376 end\\n'; printf '\\303' >&2");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(sink_.Stdout(), ElementsAre("ok \uFFFD\uFFFD end"));
  EXPECT_THAT(sink_.Stderr(), ElementsAre("\uFFFD"));
}

long MaxRssKib() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Counts instead of keeping: the sink must not be what holds 100 MB.
class CountingSink : public LogSink {
 public:
  void OnLine(LogLine line) override {
    bytes += line.text.size();
    ++lines;
    longest = std::max(longest, line.text.size());
    if (line.stream == Stream::kStdout) last = std::move(line.text);
  }
  size_t bytes = 0, lines = 0, longest = 0;
  std::string last;
};

TEST_F(OutputTest, HundredMegabytesStreamThroughWithBoundedMemory) {
  long rss_before = MaxRssKib();
  CountingSink sink;
  CancelToken cancel;
  // 1 MiB lines (each split into 16 LogLines), then one 100-byte line per 100 bytes.
  std::string cmd =
      "head -c 52428800 /dev/zero | tr '\\0' a | fold -w 1048576; "
      "yes 012345678901234567890123456789012345678901234567890123456789012345678901234567890"
      "123456789012345678 | head -c 52428800; echo 'OUTPUT: \"big\"'";
  StepOutcome out = ShellRunner().Run(Cmd(cmd, ws_.dir()), sink, cancel);
  EXPECT_EQ(out.exit_code, 0) << out.error.value_or("");
  EXPECT_EQ(out.output_json, "\"big\"");
  EXPECT_EQ(sink.bytes, 50u * 1024 * 1024 + 52428800 / 100 * 99 + 13);  // all but newlines
  EXPECT_EQ(sink.longest, 64u * 1024);
  EXPECT_EQ(sink.last, "OUTPUT: \"big\"");
#ifndef __SANITIZE_ADDRESS__  // ASan's quarantine keeps freed memory resident on purpose
  EXPECT_LT(MaxRssKib() - rss_before, 32 * 1024);  // far below the 100 MB that went through
#endif
}

// Each line is written only after the sink has seen the previous one (the sink answers
// through a FIFO the step reads), so the order the runner delivers is exactly the order
// the step wrote, across both streams, and lines arrive while the step still runs. The
// test holds the FIFO open read-write for the whole run, so neither side ever sees EOF
// or EPIPE between handshakes.
TEST_F(OutputTest, InterleavedStdoutAndStderrKeepTheirOrder) {
  std::string fifo = ws_.Path("ack");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  int ack = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(ack, 0);
  sink_.on_line = [&](const LogLine& line) {
    if (line.text != "end") {
      ASSERT_EQ(::write(ack, "\n", 1), 1);
    }
  };
  StepOutcome out = RunCmd(
      "exec 3< ack; echo a; read x <&3; echo b >&2; read x <&3; echo c; read x <&3; "
      "echo d >&2; read x <&3; echo end");
  ::close(ack);
  EXPECT_EQ(out.exit_code, 0) << out.error.value_or("");
  std::vector<std::string> order;
  for (const auto& l : sink_.All()) order.push_back(l.text);
  EXPECT_THAT(order, ElementsAre("a", "b", "c", "d", "end"));
  EXPECT_EQ(sink_.All()[1].stream, Stream::kStderr);
}

TEST_F(OutputTest, OrderWithinEachStreamIsPreserved) {
  StepOutcome out = RunCmd("for i in 1 2 3 4 5; do echo o$i; echo e$i >&2; done");
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(sink_.Stdout(), ElementsAre("o1", "o2", "o3", "o4", "o5"));
  EXPECT_THAT(sink_.Stderr(), ElementsAre("e1", "e2", "e3", "e4", "e5"));
}

}  // namespace
}  // namespace stroem::runner
