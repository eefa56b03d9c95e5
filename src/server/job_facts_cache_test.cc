#include "server/job_facts_cache.h"

#include <gtest/gtest.h>

namespace stroem::server {
namespace {

TEST(JobFactsCache, KeepsTheNewestJobsAndOnlySmallInputs) {
  JobFactsCache cache(2, 16 * 20);  // facts up to 20 bytes are kept
  cache.Remember("a", "ws", "deploy", std::string(R"({"x":1})"));
  cache.Remember("b", "ws", "build", std::nullopt);
  auto a = cache.Find("a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->job_id, "a");
  EXPECT_EQ(a->workspace, "ws");
  EXPECT_EQ(a->task_name, "deploy");
  EXPECT_EQ(a->input_json, R"({"x":1})");
  EXPECT_EQ(cache.Find("b")->input_json, std::nullopt);
  cache.Remember("c", "ws", "test", std::string("{}"));  // the oldest, a, makes room
  EXPECT_FALSE(cache.Find("a"));
  EXPECT_TRUE(cache.Find("b"));
  EXPECT_TRUE(cache.Find("c"));
  cache.Remember("d", "ws", "big", std::string(R"({"long":"input"})"));  // 22 bytes
  EXPECT_FALSE(cache.Find("d"));
  EXPECT_TRUE(cache.Find("b"));
  cache.Remember("c", "other", "again", std::nullopt);  // facts never change: first wins
  EXPECT_EQ(cache.Find("c")->task_name, "test");
}

TEST(JobFactsCache, StaysWithinItsBytes) {
  JobFactsCache cache(100, 16 * 10);  // 160 bytes, facts up to 10 bytes each
  for (int i = 0; i < 40; ++i) cache.Remember("j" + std::to_string(i), "w", "t", std::string("{}"));
  // "jNN" + "w" + "t" + "{}" = 7 bytes: 22 fit in 160.
  EXPECT_FALSE(cache.Find("j17"));
  EXPECT_TRUE(cache.Find("j18"));
  EXPECT_TRUE(cache.Find("j39"));
}

}  // namespace
}  // namespace stroem::server
