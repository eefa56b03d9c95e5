#include "api/http_client.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>
#include <vector>

#include "api/internal/json_text.h"

namespace stroem::api {
namespace {

// libcurl wants one global init before any handle exists; it is not thread-safe itself.
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  std::string body;                                   // error bodies and plain requests
  const std::function<bool(std::string_view)>* sink;  // streams only
  const std::atomic<bool>* abort = nullptr;
  CURL* handle = nullptr;
  bool stopped_by_sink = false;
};

size_t OnWrite(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
  bool stream = t->sink && status >= 200 && status < 300;
  if (!stream) {
    t->body.append(data, n);
    return n;
  }
  if (!(*t->sink)(std::string_view(data, n))) {
    t->stopped_by_sink = true;
    return 0;  // makes libcurl end the transfer with CURLE_WRITE_ERROR
  }
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->abort && t->abort->load() ? 1 : 0;
}

std::string TransportError(CURL* handle, CURLcode code, const std::string& url,
                           const RequestOptions& options) {
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return "request to " + url + " timed out after " +
           std::to_string(options.timeout.count() / 1000) + "s";
  }
  long os_errno = 0;
  curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
  std::string reason =
      os_errno != 0 ? std::strerror(static_cast<int>(os_errno)) : curl_easy_strerror(code);
  return "cannot reach " + url + ": " + reason;
}

}  // namespace

// Idle easy handles, reused so keep-alive connections survive between requests.
struct HttpClient::Pool {
  std::mutex mu;
  std::vector<CURL*> idle;  // guarded by mu

  CURL* Take() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        CURL* h = idle.back();
        idle.pop_back();
        curl_easy_reset(h);
        return h;
      }
    }
    return curl_easy_init();
  }
  void Give(CURL* h) {
    std::lock_guard lock(mu);
    if (idle.size() < 8) {
      idle.push_back(h);
      return;
    }
    curl_easy_cleanup(h);
  }
  ~Pool() {
    for (CURL* h : idle) curl_easy_cleanup(h);
  }
};

HttpClient::HttpClient(std::string base_url, std::string bearer_token)
    : base_url_(std::move(base_url)),
      bearer_token_(std::move(bearer_token)),
      pool_(std::make_unique<Pool>()) {
  GlobalInit();
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

HttpClient::~HttpClient() = default;

namespace {

struct Call {
  const char* method;  // "GET" or "POST"
  std::string_view body;
  const std::function<bool(std::string_view)>* sink = nullptr;
};

Result<HttpResponse> Perform(CURL* h, const std::string& base, const std::string& url,
                             const std::string& token, const Call& call,
                             const RequestOptions& options) {
  Transfer t;
  t.sink = call.sink;
  t.abort = options.abort;
  t.handle = h;
  curl_slist* headers = nullptr;
  std::string auth = "Authorization: Bearer " + token;
  if (!token.empty()) headers = curl_slist_append(headers, auth.c_str());
  std::string content_type = "Content-Type: " + std::string(options.content_type);
  if (std::strcmp(call.method, "POST") == 0) {
    headers = curl_slist_append(headers, content_type.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM-based DNS timeouts
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnWrite);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  CURLcode code = curl_easy_perform(h);
  curl_slist_free_all(headers);
  HttpResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(t.body);
  if (code == CURLE_OK || t.stopped_by_sink) return response;
  if (code == CURLE_ABORTED_BY_CALLBACK) return Fail(ErrorCode::kUnavailable, "aborted");
  return Fail(ErrorCode::kUnavailable,
              TransportError(h, code, code == CURLE_OPERATION_TIMEDOUT ? url : base, options));
}

}  // namespace

Result<HttpResponse> HttpClient::Get(std::string_view path, const RequestOptions& options) const {
  CURL* h = pool_->Take();
  if (!h) return Fail(ErrorCode::kInternal, "cannot create an HTTP handle");
  auto r =
      Perform(h, base_url_, base_url_ + std::string(path), bearer_token_, {"GET", {}}, options);
  pool_->Give(h);
  return r;
}

Result<HttpResponse> HttpClient::Post(std::string_view path, std::string_view body,
                                      const RequestOptions& options) const {
  CURL* h = pool_->Take();
  if (!h) return Fail(ErrorCode::kInternal, "cannot create an HTTP handle");
  auto r = Perform(h, base_url_, base_url_ + std::string(path), bearer_token_, {"POST", body},
                   options);
  pool_->Give(h);
  return r;
}

Result<HttpResponse> HttpClient::GetStream(std::string_view path,
                                           const std::function<bool(std::string_view)>& on_data,
                                           const RequestOptions& options) const {
  // A stream handle is not pooled: an early stop leaves its connection mid-body.
  CURL* h = curl_easy_init();
  if (!h) return Fail(ErrorCode::kInternal, "cannot create an HTTP handle");
  auto r = Perform(h, base_url_, base_url_ + std::string(path), bearer_token_,
                   {"GET", {}, &on_data}, options);
  curl_easy_cleanup(h);
  return r;
}

std::string ErrorMessageOf(const HttpResponse& response) {
  if (auto message = ErrorFieldOf(response.body)) return *message;
  std::string body = response.body;
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' '))
    body.pop_back();
  if (body.size() > 300) body = body.substr(0, 300) + "...";
  if (!body.empty()) return body;
  return "HTTP " + std::to_string(response.status);
}

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace stroem::api
