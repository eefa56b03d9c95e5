// Transport errors need no server. Requests against a real server are covered by the
// worker and cli integration tests, which start stroem-server.
#include "api/http_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace stroem::api {
namespace {

// A port that nothing listens on: bound (so nobody else takes it) but never listening.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~ClosedPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(HttpClient, UnreachableServerNamesTheUrl) {
  ClosedPort port;
  std::string url = "http://127.0.0.1:" + std::to_string(port.port());
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
