#include "server/router.h"

#include <gtest/gtest.h>

#include "server/http_server.h"

namespace stroem::server {
namespace {

HttpRequest Req(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(Router, CapturesParams) {
  Router router;
  router.Add("GET", "/api/jobs/{id}/logs",
             [](HttpRequest& r) { return HttpResponse::Json(200, r.params.at("id")); });
  HttpRequest req = Req("GET", "/api/jobs/abc/logs");
  std::string route;
  HttpResponse resp = router.Dispatch(req, &route);
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "abc");
  EXPECT_EQ(route, "/api/jobs/{id}/logs");
}

TEST(Router, UnknownPathIs404AndWrongMethod405) {
  Router router;
  router.Add("GET", "/api/tasks", [](HttpRequest&) { return HttpResponse::Json(200, "[]"); });
  HttpRequest missing = Req("GET", "/api/nope");
  EXPECT_EQ(router.Dispatch(missing).status, 404);
  HttpRequest wrong = Req("DELETE", "/api/tasks");
  HttpResponse resp = router.Dispatch(wrong);
  EXPECT_EQ(resp.status, 405);
  EXPECT_EQ(resp.headers[0].second, "GET");
  EXPECT_EQ(resp.body, R"({"error":"Method DELETE not allowed on /api/tasks"})");
}

TEST(Router, TrailingSlashesAreIgnored) {
  Router router;
  router.Add("GET", "/api/tasks", [](HttpRequest&) { return HttpResponse::Json(200, "[]"); });
  HttpRequest req = Req("GET", "/api/tasks/");
  EXPECT_EQ(router.Dispatch(req).status, 200);
}

TEST(UrlDecode, DecodesPercentAndPlus) {
  EXPECT_EQ(UrlDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(UrlDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(UrlDecode("bad%zz%4", true), "bad%zz%4");
  EXPECT_EQ(UrlDecode("%C3%B8", false), "\xC3\xB8");
}

}  // namespace
}  // namespace stroem::server
