#include "api/worker_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "api/compact_log_chunk.h"

namespace stroem::api {
namespace {

// A one-thread HTTP stand-in for a server that predates compact chunks: it answers 415 to
// any non-JSON log push, 200 to a JSON one, and remembers each request's Content-Type.
class OldServer {
 public:
  OldServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    listen(fd_, 4);
    thread_ = std::thread([this] { Serve(3); });
  }
  ~OldServer() {
    Wait();
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Waits for the three requests it serves; then types and bodies may be read.
  void Wait() {
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::string> types;
  std::vector<std::string> bodies;

 private:
  void Serve(int requests) {
    for (int i = 0; i < requests; ++i) {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req = ReadRequest(c);
      size_t at = req.find("Content-Type: ");
      std::string type = req.substr(at + 14, req.find("\r\n", at) - at - 14);
      types.push_back(type);
      bodies.push_back(req.substr(req.find("\r\n\r\n") + 4));
      std::string answer =
          type == "application/json"
              ? std::string("HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\n"
                            "{\"status\":\"ok\"}")
              : std::string("HTTP/1.1 415 Unsupported Media Type\r\nContent-Length: 19\r\n"
                            "Connection: close\r\n\r\n{\"error\":\"no json\"}");
      (void)!write(c, answer.data(), answer.size());
      close(c);
    }
  }
  static std::string ReadRequest(int c) {
    std::string req;
    char buf[4096];
    for (;;) {
      size_t head = req.find("\r\n\r\n");
      if (head != std::string::npos) {
        size_t at = req.find("Content-Length: ");
        size_t length = std::stoul(req.substr(at + 16));
        if (req.size() >= head + 4 + length) return req;
      }
      ssize_t n = read(c, buf, sizeof buf);
      if (n <= 0) return req;
      req.append(buf, static_cast<size_t>(n));
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST(WorkerClient, CompactChunksFallBackToJsonWhenTheServerAnswers415) {
  CompactChunkWriter w("build", "\"a1\"", 0);
  w.Add("stdout", "2026-01-01T00:00:00Z", "hello");
  std::string body = w.Finish();
  OldServer server;
  WorkerClient client(server.url(), "token");
  auto first = client.PushCompactLogs("job", body);
  auto second = client.PushCompactLogs("job", body);  // straight to JSON now
  server.Wait();
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(server.types, (std::vector<std::string>{std::string(kCompactLogChunkType),
                                                    "application/json", "application/json"}));
  EXPECT_EQ(server.bodies[0], body);
  auto json = ParseLogChunk(server.bodies[2]);
  ASSERT_TRUE(json) << json.error().message;
  ASSERT_EQ(json->lines.size(), 1u);
  EXPECT_EQ(json->lines[0].line, "hello");
  EXPECT_EQ(json->attempt_json, "\"a1\"");
}

}  // namespace
}  // namespace stroem::api
