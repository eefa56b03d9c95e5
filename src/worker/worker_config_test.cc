#include "worker/worker_config.h"

#include <gtest/gtest.h>

namespace stroem::worker {
namespace {

const char* kSeedConfig = R"(server_url: "http://localhost:8080"
worker_token: "dev-worker-token-change-in-production"
worker_name: "worker-1"
max_concurrent: 4
poll_interval_secs: 2
workspace_dir: "./workspace"
capabilities:
  - shell
)";

TEST(WorkerConfig, SeedConfigLoads) {
  auto c = ParseWorkerConfig("worker-config.yaml", kSeedConfig, {});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server_url, "http://localhost:8080");
  EXPECT_EQ(c->worker_token, "dev-worker-token-change-in-production");
  EXPECT_EQ(c->worker_name, "worker-1");
  EXPECT_EQ(c->max_concurrent, 4);
  EXPECT_EQ(c->poll_interval_secs, 2);
  EXPECT_EQ(c->workspace_dir, "./workspace");
  EXPECT_EQ(c->capabilities, std::vector<std::string>{"shell"});
  EXPECT_EQ(c->shutdown_grace_secs, 30);
}

TEST(WorkerConfig, AdditionsAndDefaultCapabilities) {
  auto c = ParseWorkerConfig("w.yaml",
                             "server_url: u\nworker_token: t\nworker_name: n\n"
                             "max_concurrent: 1\npoll_interval_secs: 0\nworkspace_dir: /tmp/ws\n"
                             "shutdown_grace_secs: 5\nlog_spool_dir: /tmp/spool\n"
                             "log_memory_limit_bytes: 1048576\nclaim_wait_ms: 0\n",
                             {});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->capabilities, std::vector<std::string>{"shell"});
  EXPECT_EQ(c->shutdown_grace_secs, 5);
  EXPECT_EQ(c->log_spool_dir, "/tmp/spool");
  EXPECT_EQ(c->log_memory_limit_bytes, 1048576);
  EXPECT_EQ(c->claim_wait_ms, 0);
}

TEST(WorkerConfig, UnknownKeyNamesKeyAndPosition) {
  std::string text = std::string(kSeedConfig) + "poll_interval: 2s\n";
  auto c = ParseWorkerConfig("worker-config.yaml", text, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, "worker-config.yaml:9:1: error: unknown key 'poll_interval'");
}

TEST(WorkerConfig, WrongTypesNameKeyAndPosition) {
  std::string text = kSeedConfig;
  text.replace(text.find("max_concurrent: 4"), 17, "max_concurrent: four");
  text.replace(text.find("  - shell"), 9, "  - [a]");
  auto c = ParseWorkerConfig("w.yaml", text, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message,
            "w.yaml:4:17: error: max_concurrent must be an integer, got 'four'\n"
            "w.yaml:8:6: error: capabilities item must be a string, got a list");
}

TEST(WorkerConfig, MissingRequiredKeys) {
  auto c = ParseWorkerConfig("w.yaml", "worker_name: n\n", {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("missing required key 'server_url'"), std::string::npos);
  EXPECT_NE(c.error().message.find("missing required key 'workspace_dir'"), std::string::npos);
  EXPECT_EQ(c.error().message.find("worker_name'"), std::string::npos);
}

TEST(WorkerConfig, EnvironmentOverridesWin) {
  auto c = ParseWorkerConfig("w.yaml", kSeedConfig,
                             {{"max_concurrent", "8"},
                              {"server_url", "http://10.0.0.1:9000"},
                              {"capabilities", "[shell, docker]"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->max_concurrent, 8);
  EXPECT_EQ(c->server_url, "http://10.0.0.1:9000");
  EXPECT_EQ(c->capabilities, (std::vector<std::string>{"shell", "docker"}));
}

TEST(WorkerConfig, EnvironmentAloneIsEnoughAndChecked) {
  auto c = ParseWorkerConfig("worker-config.yaml", "",
                             {{"server_url", "u"},
                              {"worker_token", "t"},
                              {"worker_name", "n"},
                              {"max_concurrent", "2"},
                              {"poll_interval_secs", "1"},
                              {"workspace_dir", "/tmp"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->max_concurrent, 2);
  auto bad = ParseWorkerConfig("worker-config.yaml", kSeedConfig, {{"max_concurent", "2"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("unknown key 'max_concurent'"), std::string::npos)
      << bad.error().message;
  EXPECT_NE(bad.error().message.find("STROEM__MAX_CONCURENT"), std::string::npos)
      << bad.error().message;
}

TEST(WorkerConfig, MaxConcurrentMustBePositive) {
  auto c = ParseWorkerConfig("w.yaml", kSeedConfig, {{"max_concurrent", "0"}});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("max_concurrent must be at least 1"), std::string::npos);
}

}  // namespace
}  // namespace stroem::worker
