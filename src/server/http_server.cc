// The only translation unit that includes Beast: keep it that way (compile time).
#include "server/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "server/wakeup_signal.h"

namespace stroem::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kTuple = asio::as_tuple(use_awaitable);
constexpr auto kStreamPoll = std::chrono::milliseconds(250);

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void ParseQuery(std::string_view query, std::map<std::string, std::string>& out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    std::string key = UrlDecode(pair.substr(0, eq), true);
    if (!key.empty())
      out[key] = eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

HttpRequest ToRequest(http::request<http::string_body>& msg) {
  HttpRequest req;
  req.method = std::string(msg.method_string());
  std::string_view target(msg.target().data(), msg.target().size());
  size_t q = target.find('?');
  req.path = UrlDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) ParseQuery(target.substr(q + 1), req.query);
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers[name] = std::string(field.value());
  }
  req.body = std::move(msg.body());
  return req;
}

template <typename Body>
void SetCommonHeaders(http::response<Body>& res, const HttpResponse& resp, bool keep_alive) {
  res.set(http::field::server, "stroem");
  res.set(http::field::content_type, resp.content_type);
  res.set(http::field::access_control_allow_origin, "*");
  for (const auto& [name, value] : resp.headers) res.set(name, value);
  res.keep_alive(keep_alive);
}

}  // namespace

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

Result<HttpRequest> ParseHttpRequest(std::string_view bytes, size_t max_body_bytes,
                                     size_t max_header_bytes) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(max_body_bytes);
  parser.header_limit(static_cast<uint32_t>(std::min<size_t>(max_header_bytes, UINT32_MAX)));
  parser.eager(true);
  beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more) ec = {};
    if (ec || used == 0) break;
    bytes.remove_prefix(used);
  }
  // A body without Content-Length ends with the input, as at a connection's end.
  if (!ec && !parser.is_done() && parser.is_header_done()) parser.put_eof(ec);
  if (ec) return Fail(ErrorCode::kInvalidArgument, "malformed HTTP request: " + ec.message());
  if (!parser.is_done()) return Fail(ErrorCode::kInvalidArgument, "incomplete HTTP request");
  return ToRequest(parser.get());
}

struct HttpServer::Impl {
  Impl(HttpServerOptions o, Dispatch d, RequestObserver obs)
      : options(std::move(o)),
        dispatch(std::move(d)),
        observer(std::move(obs)),
        acceptor(ioc),
        pool(static_cast<size_t>(std::max(1, options.handler_threads))) {}

  HttpServerOptions options;
  Dispatch dispatch;
  RequestObserver observer;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::thread_pool pool;
  std::vector<std::thread> io_threads;
  std::atomic<bool> stopping{false};
  std::atomic<int> busy{0};  // requests between read and response written
  WakeupSignal stop_signal;
  uint16_t bound_port = 0;

  // --- running handler code off the I/O threads ---

  template <typename Fn>
  awaitable<std::invoke_result_t<Fn>> OnPool(Fn fn) {
    co_return co_await asio::co_spawn(
        pool,
        [fn = std::move(fn)]() mutable -> awaitable<std::invoke_result_t<Fn>> { co_return fn(); },
        use_awaitable);
  }

  HttpResponse SafeDispatch(HttpRequest& req) {
    try {
      return dispatch(req);
    } catch (const std::exception& e) {
      return HttpResponse::Error(500, std::string("internal error: ") + e.what());
    }
  }

  // Waits until `signal` moves past `generation`, `deadline` passes or the
  // server stops. Returns true when woken by the signal.
  awaitable<bool> WaitFor(WakeupSignal* signal, uint64_t generation, Clock::time_point deadline) {
    auto ex = co_await asio::this_coro::executor;
    auto timer = std::make_shared<asio::steady_timer>(ex, deadline);
    std::weak_ptr<asio::steady_timer> weak = timer;
    auto wake = [weak, ex] {
      asio::post(ex, [weak] {
        if (auto t = weak.lock()) t->cancel();
      });
    };
    uint64_t stop_id = stop_signal.Register(0, wake);
    if (stop_id == 0 || stopping) co_return false;
    uint64_t id = signal ? signal->Register(generation, wake) : 0;
    bool changed = signal && id == 0;
    if (!changed) co_await timer->async_wait(kTuple);
    if (id) signal->Unregister(id);
    stop_signal.Unregister(stop_id);
    co_return changed || (signal && signal->generation() != generation);
  }

  // Runs the handler on a strand of the handler pool, and holds a long poll there until
  // woken or due: a wake-up then runs the handler again on the pool directly, instead of
  // passing through an I/O thread first.
  awaitable<HttpResponse> Handle(HttpRequest& req) {
    co_return co_await asio::co_spawn(asio::make_strand(pool), HandleOnPool(req), use_awaitable);
  }

  awaitable<HttpResponse> HandleOnPool(HttpRequest& req) {
    for (;;) {
      HttpResponse resp = SafeDispatch(req);
      if (!resp.retry_at || req.final_call) co_return resp;
      bool woken = co_await WaitFor(resp.wait_on, resp.wait_generation, *resp.retry_at);
      req.final_call = !woken;
    }
  }

  // --- writing responses ---

  awaitable<bool> WriteWhole(beast::tcp_stream& stream, HttpResponse& resp, bool keep_alive,
                             unsigned version) {
    http::response<http::string_body> res{static_cast<http::status>(resp.status), version};
    SetCommonHeaders(res, resp, keep_alive);
    res.body() = std::move(resp.body);
    res.prepare_payload();
    stream.expires_after(options.write_timeout);
    auto [ec, n] = co_await http::async_write(stream, res, kTuple);
    co_return !ec;
  }

  awaitable<bool> WriteStream(beast::tcp_stream& stream, HttpResponse& resp, unsigned version) {
    http::response<http::empty_body> res{static_cast<http::status>(resp.status), version};
    SetCommonHeaders(res, resp, false);
    res.chunked(true);
    http::response_serializer<http::empty_body> sr{res};
    stream.expires_after(options.write_timeout);
    auto [hec, hn] = co_await http::async_write_header(stream, sr, kTuple);
    if (hec) co_return false;
    std::shared_ptr<BodyStream> body = resp.stream;
    for (;;) {
      WakeupSignal* signal = body->signal();
      uint64_t generation = signal ? signal->generation() : 0;
      std::string chunk;
      BodyStream::Status status = co_await OnPool([&] { return body->Next(chunk); });
      if (status == BodyStream::Status::kEnd || (status == BodyStream::Status::kWait && stopping))
        break;
      if (status == BodyStream::Status::kWait) {
        co_await WaitFor(signal, generation, Clock::now() + kStreamPoll);
        continue;
      }
      if (chunk.empty()) continue;
      stream.expires_after(options.write_timeout);
      auto [ec, n] =
          co_await asio::async_write(stream, http::make_chunk(asio::buffer(chunk)), kTuple);
      if (ec) co_return false;
    }
    co_await asio::async_write(stream, http::make_chunk_last(), kTuple);
    co_return false;  // a streamed response ends the connection
  }

  awaitable<bool> WriteError(beast::tcp_stream& stream, int status, std::string_view message) {
    HttpResponse resp = HttpResponse::Error(status, message);
    co_return co_await WriteWhole(stream, resp, false, 11);
  }

  // --- connections ---

  size_t BodyLimit(const http::request<http::string_body>& header) const {
    if (options.allows_larger_body &&
        options.allows_larger_body(header.method_string(), header.target()))
      return std::max(options.max_body_bytes, options.larger_body_bytes);
    return options.max_body_bytes;
  }

  // Reads one request. Answers `100 Continue` when asked so that clients
  // (curl) do not pause before sending large bodies. Returns false when the
  // connection should close (errors already answered).
  awaitable<bool> ReadRequest(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                              http::request_parser<http::string_body>& parser) {
    // The parser checks a Content-Length against its limit with the headers, before the
    // target is known to us: let the largest through, then apply the request's own.
    parser.body_limit(std::max(options.max_body_bytes, options.larger_body_bytes));
    parser.header_limit(static_cast<uint32_t>(options.max_header_bytes));
    stream.expires_after(options.request_timeout);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
    const size_t limit = BodyLimit(parser.get());
    if (!ec && parser.content_length() && *parser.content_length() > limit)
      ec = http::error::body_limit;
    if (!ec) parser.body_limit(limit);
    if (!ec && parser.get()[http::field::expect] == "100-continue") {
      http::response<http::empty_body> cont{http::status::continue_, 11};
      auto [wec, wn] = co_await http::async_write(stream, cont, kTuple);
      ec = wec;
    }
    if (!ec && !parser.is_done())
      std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, kTuple);
    if (!ec) co_return true;
    if (ec == http::error::body_limit)
      co_await WriteError(
          stream, 413,
          "request body larger than " + std::to_string(limit) + " bytes");
    else if (ec == http::error::header_limit)
      co_await WriteError(stream, 431, "request headers too large");
    else if (ec != http::error::end_of_stream && ec != beast::error::timeout &&
             ec != asio::error::eof && ec != asio::error::connection_reset &&
             ec != asio::error::operation_aborted)
      co_await WriteError(stream, 400, "malformed HTTP request: " + ec.message());
    co_return false;
  }

  awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      if (!co_await ReadRequest(stream, buffer, parser)) break;
      ++busy;
      auto& msg = parser.get();
      bool keep_alive = msg.keep_alive() && !stopping;
      unsigned version = msg.version();
      HttpRequest req = ToRequest(msg);
      stream.expires_never();
      HttpResponse resp = co_await Handle(req);
      if (observer) {
        std::chrono::duration<double> took = Clock::now() - req.received_at;
        observer(req, resp.status, took.count());
      }
      bool open = resp.stream ? co_await WriteStream(stream, resp, version)
                              : co_await WriteWhole(stream, resp, keep_alive, version);
      --busy;
      if (!open || !keep_alive || stopping) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  awaitable<void> Listen() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kTuple);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(asio::make_strand(ioc), Session(std::move(socket)), asio::detached);
    }
  }
};

HttpServer::HttpServer(HttpServerOptions options, Dispatch dispatch, RequestObserver observer)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch), std::move(observer))) {}

HttpServer::~HttpServer() {
  Stop(std::chrono::milliseconds(0));
}

Result<void> HttpServer::Start() {
  Impl& s = *impl_;
  std::string where = s.options.host + ":" + std::to_string(s.options.port);
  beast::error_code ec;
  auto address = asio::ip::make_address(s.options.host, ec);
  if (ec)
    return Fail(ErrorCode::kInvalidArgument, "invalid listen address '" + s.options.host + "'");
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  s.bound_port = s.acceptor.local_endpoint().port();
  asio::co_spawn(asio::make_strand(s.ioc), s.Listen(), asio::detached);
  for (int i = 0; i < std::max(1, s.options.io_threads); ++i)
    s.io_threads.emplace_back([&s] { s.ioc.run(); });
  return Ok();
}

uint16_t HttpServer::port() const {
  return impl_->bound_port;
}

void HttpServer::Stop(std::chrono::milliseconds drain) {
  Impl& s = *impl_;
  if (s.stopping.exchange(true)) return;
  asio::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
  });
  s.stop_signal.Notify();
  auto deadline = Clock::now() + drain;
  // Polling a counter here is a bounded shutdown wait, not synchronisation of results.
  while (s.busy.load() > 0 && Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  s.ioc.stop();
  for (std::thread& t : s.io_threads)
    if (t.joinable()) t.join();
  s.pool.join();
}

}  // namespace stroem::server
