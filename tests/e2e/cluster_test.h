// Fixtures that share one Cluster per test suite, and the two shapes every flow test
// runs on: SQLite with the embedded worker (single node), and PostgreSQL with two
// separate stroem-worker processes (production mode).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "harness.h"

namespace stroem::e2e {

struct SqliteEmbedded {
  static ClusterOptions Options() { return {}; }
};

struct PostgresTwoWorkers {
  static ClusterOptions Options() {
    ClusterOptions o;
    o.backend = Backend::kPostgres;
    o.workers = 2;
    o.worker_max_concurrent = 1;  // so two steps at once means two workers
    o.embedded_worker = false;
    return o;
  }
};

using ClusterShapes = ::testing::Types<SqliteEmbedded, PostgresTwoWorkers>;

class ClusterShapeNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteEmbedded> ? "SqliteEmbedded" : "PostgresTwoWorkers";
  }
};

// One Cluster for all tests of a suite (CTest runs each test in its own process, so
// there it is one per test; run directly, the binary starts each shape once).
template <typename Shape>
class ClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (Shape::Options().backend == Backend::kPostgres && !PostgresAvailable()) return;
    cluster_ = Cluster::Start(Shape::Options(), start_error_);
  }
  static void TearDownTestSuite() { cluster_.reset(); }

  void SetUp() override {
    if (Shape::Options().backend == Backend::kPostgres && !PostgresAvailable())
      GTEST_SKIP() << "STROEM_TEST_PG_URL is not set (run under scripts/with-postgres)";
    ASSERT_TRUE(cluster_) << start_error_;
  }

  Cluster& cluster() { return *cluster_; }

  static inline std::unique_ptr<Cluster> cluster_;
  static inline std::string start_error_;
};

}  // namespace stroem::e2e
