// A blocking HTTP/1.1 client for the server's tests: real sockets against a
// real listening server (no mocked HTTP). One connection per request.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace stroem::server::testing {

struct TestResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class TestClient {
 public:
  explicit TestClient(uint16_t port) : port_(port) {}

  TestResponse Get(const std::string& target) const;
  // JSON POST (Content-Type: application/json).
  TestResponse Post(const std::string& target, const std::string& body) const;
  // A worker API call with the Bearer token.
  TestResponse Worker(const std::string& target, const std::string& body,
                      const std::string& token) const;
  TestResponse Send(const std::string& method, const std::string& target, const std::string& body,
                    const std::map<std::string, std::string>& headers) const;
  // Writes `raw` bytes and reads until the server closes: for malformed requests.
  std::string Raw(const std::string& raw) const;

 private:
  uint16_t port_;
};

}  // namespace stroem::server::testing
