#include "server/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace stroem::server {
namespace {

std::string WriteConfig(const std::string& text) {
  std::string path = std::filesystem::temp_directory_path() /
                     ("stroem-config-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << text;
  return path;
}

TEST(ServerConfig, NoFileGivesSingleNodeDefaults) {
  char* env[] = {nullptr};
  auto c = LoadServerConfig("", env);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_TRUE(c->embedded_worker.enabled);
  EXPECT_EQ(c->db_url, "sqlite:.stroem/stroem.db");
  EXPECT_EQ(c->workspace_path, "./workspace");
}

TEST(ServerConfig, ReadsTheSeedFile) {
  std::string path = WriteConfig(R"(listen: "0.0.0.0:8080"
db:
  url: "postgres://stroem:secret@localhost:5432/stroem"
log_storage:
  local_dir: /tmp/stroem/logs
workspace:
  source_type: folder
  path: ./workspace
worker_token: "dev-worker-token-change-in-production"
)");
  char* env[] = {nullptr};
  auto c = LoadServerConfig(path, env);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->host(), "0.0.0.0");
  EXPECT_EQ(c->port(), 8080);
  EXPECT_EQ(c->log_dir, "/tmp/stroem/logs");
  EXPECT_EQ(c->worker_token, "dev-worker-token-change-in-production");
  EXPECT_FALSE(c->embedded_worker.enabled);
}

TEST(ServerConfig, EnvironmentOverridesAnyKey) {
  std::string path = WriteConfig("listen: 127.0.0.1:1\ndb: { url: x }\n");
  std::string a = "STROEM__LISTEN=127.0.0.1:0", b = "STROEM__DB__URL=sqlite:/tmp/x.db",
              c = "STROEM__EMBEDDED_WORKER__MAX_CONCURRENT=9", d = "STROEM__LEASE_SECONDS=5";
  char* env[] = {a.data(), b.data(), c.data(), d.data(), nullptr};
  auto cfg = LoadServerConfig(path, env);
  ASSERT_TRUE(cfg) << cfg.error().message;
  EXPECT_EQ(cfg->port(), 0);
  EXPECT_EQ(cfg->db_url, "sqlite:/tmp/x.db");
  EXPECT_TRUE(cfg->embedded_worker.enabled);
  EXPECT_EQ(cfg->embedded_worker.max_concurrent, 9);
  EXPECT_EQ(cfg->lease_seconds, 5);
}

TEST(ServerConfig, UnknownKeysAndWrongTypesNameTheKey) {
  std::string path =
      WriteConfig("listen: x\ndb:\n  uri: y\nlease_seconds: soon\nworkspace: { type: git }\n");
  char* env[] = {nullptr};
  auto c = LoadServerConfig(path, env);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find(":3:3: error: unknown configuration key 'db.uri'"),
            std::string::npos)
      << c.error().message;
  EXPECT_NE(
      c.error().message.find(":4:16: error: configuration key 'lease_seconds' must be an integer"),
      std::string::npos)
      << c.error().message;
  EXPECT_NE(c.error().message.find("'workspace.type' must be one of folder"), std::string::npos)
      << c.error().message;
}

TEST(ServerConfig, BadEnvironmentOverrideNamesTheVariable) {
  std::string a = "STROEM__LEASE_SECONDS=abc";
  char* env[] = {a.data(), nullptr};
  auto c = LoadServerConfig("", env);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("STROEM__LEASE_SECONDS"), std::string::npos)
      << c.error().message;
}

TEST(ServerConfig, MissingFileIsAnError) {
  char* env[] = {nullptr};
  auto c = LoadServerConfig("/no/such/server-config.yaml", env);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "cannot read configuration file /no/such/server-config.yaml");
}

}  // namespace
}  // namespace stroem::server
