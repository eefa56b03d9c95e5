// A real stroem server for tests: listening on 127.0.0.1 port 0, on a fresh
// SQLite file or PostgreSQL database (storage's TestDatabase), serving a
// workspace written into a temporary folder.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "server/server.h"
#include "server/testing/http_client.h"
#include "storage/testing/test_stores.h"

namespace stroem::server::testing {

using storage::testing::BackendKind;

inline constexpr const char* kToken = "test-token";

// The workflows every server test serves (see test_server.cc).
extern const char* const kTestWorkflows;

class ServerTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual void Configure(ServerConfig& config) {}

  TestClient& client() { return *client_; }
  // POST /api/tasks/{task}/execute; asserts 200 and returns the job id.
  std::string Execute(const std::string& task, const std::string& body = "{}");
  std::string RegisterWorker();
  // Claims (no waiting); returns the claim's JSON body.
  std::string Claim(const std::string& worker_id, int wait_ms = 0);

  std::string dir_;
  std::unique_ptr<storage::testing::TestDatabase> db_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<TestClient> client_;
};

}  // namespace stroem::server::testing
