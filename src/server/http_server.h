// HttpServer: the HTTP/1.1 listener (Boost.Beast + Asio, C++20 coroutines).
// Handlers run on a pool of handler threads, never on the I/O threads, so a
// slow database call never stalls other connections. Every protocol error is
// answered with a JSON `{"error": ...}` body: malformed request (400), body
// too large (413), headers too large (431). Long-poll and streaming responses
// (http_types.h) are held without occupying a handler thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/error.h"
#include "server/http_types.h"

namespace stroem::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see HttpServer::port()
  size_t max_body_bytes = 8 << 20;
  // Requests for which `allows_larger_body(method, target)` holds (decided once the
  // headers are read) may carry up to `larger_body_bytes` instead.
  size_t larger_body_bytes = 0;
  std::function<bool(std::string_view method, std::string_view target)> allows_larger_body;
  size_t max_header_bytes = 16 << 10;
  // A connection must deliver a whole request within this time after it
  // starts (or after the previous response): slow or idle clients are closed.
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds write_timeout{60};
  int io_threads = 2;
  int handler_threads = 8;
};

// Called after every response with the matched route, for metrics and access logs.
using RequestObserver = std::function<void(const HttpRequest&, int status, double seconds)>;

class HttpServer {
 public:
  using Dispatch = std::function<HttpResponse(HttpRequest&)>;

  HttpServer(HttpServerOptions options, Dispatch dispatch, RequestObserver observer = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on background threads. kUnavailable naming the
  // address when it cannot bind.
  Result<void> Start();
  // The bound port (useful with port 0).
  uint16_t port() const;
  // Stops accepting, wakes held long polls and streams (their handlers are
  // called with HttpRequest::final_call), lets in-flight requests finish for up
  // to `drain`, then closes everything. Idempotent.
  void Stop(std::chrono::milliseconds drain = std::chrono::seconds(10));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses one whole HTTP/1.1 request from `bytes` with the server's limits and converts
// it exactly as a connection would (for the fuzz target and tests; no socket). An error
// (kInvalidArgument) when the bytes are not one complete request within the limits.
Result<HttpRequest> ParseHttpRequest(std::string_view bytes, size_t max_body_bytes,
                                     size_t max_header_bytes);

// Percent-decoding for paths and query strings ('+' is a space in queries).
std::string UrlDecode(std::string_view text, bool plus_is_space);

}  // namespace stroem::server
