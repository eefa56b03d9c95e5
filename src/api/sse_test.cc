#include "api/sse.h"

#include <gtest/gtest.h>

#include <vector>

namespace stroem::api {
namespace {

std::vector<SseEvent> FeedAll(const std::vector<std::string>& pieces) {
  SseParser parser;
  std::vector<SseEvent> events;
  for (const auto& p : pieces)
    parser.Feed(p, [&](const SseEvent& e) {
      events.push_back(e);
      return true;
    });
  return events;
}

TEST(Sse, EventsSplitAcrossPieces) {
  auto events = FeedAll({"event: log\nda", "ta: {\"line\":\"a\"}\n", "\n: keep-alive\n\n",
                         "event: end\r\ndata: {\"status\":\"completed\"}\r\n\r\n"});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event, "log");
  EXPECT_EQ(events[0].data, "{\"line\":\"a\"}");
  EXPECT_EQ(events[1].event, "end");
  EXPECT_EQ(events[1].data, "{\"status\":\"completed\"}");
}

TEST(Sse, MultiLineDataAndDefaultEventName) {
  auto events = FeedAll({"data: one\ndata:two\n\n"});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].event, "message");
  EXPECT_EQ(events[0].data, "one\ntwo");
}

TEST(Sse, StopsWhenTheCallbackSaysSo) {
  SseParser parser;
  int seen = 0;
  bool go_on = parser.Feed("data: 1\n\ndata: 2\n\n", [&](const SseEvent&) {
    ++seen;
    return false;
  });
  EXPECT_FALSE(go_on);
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace stroem::api
