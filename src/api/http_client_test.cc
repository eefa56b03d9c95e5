// Transport errors need no server. Requests against a real server are covered by the
// worker and cli integration tests, which start stroem-server.
#include "api/http_client.h"

#include <gtest/gtest.h>

#include "api/testing/server_process.h"

namespace stroem::api {
namespace {

using testing::ClosedPort;

TEST(HttpClient, UnreachableServerNamesTheUrl) {
  ClosedPort port;
  const std::string& url = port.url();
  HttpClient client(url + "/");
  EXPECT_EQ(client.base_url(), url);
  auto r = client.Get("/api/tasks");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().message, "cannot reach " + url + ": Connection refused");
  auto post = client.Post("/worker/register", "{}");
  ASSERT_FALSE(post);
  EXPECT_EQ(post.error().message, "cannot reach " + url + ": Connection refused");
}

TEST(HttpClient, ErrorMessageOfPrefersTheErrorField) {
  EXPECT_EQ(ErrorMessageOf({404, R"({"error":"Task not found"})"}), "Task not found");
  EXPECT_EQ(ErrorMessageOf({500, "plain text\n"}), "plain text");
  EXPECT_EQ(ErrorMessageOf({502, ""}), "HTTP 502");
}

TEST(HttpClient, UrlEncode) {
  EXPECT_EQ(UrlEncode("say-hello_1.x~"), "say-hello_1.x~");
  EXPECT_EQ(UrlEncode("a b/c?"), "a%20b%2Fc%3F");
}

}  // namespace
}  // namespace stroem::api
