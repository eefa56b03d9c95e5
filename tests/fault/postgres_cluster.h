// A throw-away PostgreSQL 15 cluster that a fault scenario can crash and restart: the
// initdb + pg_ctl approach of scripts/with-postgres, owned by the test so that the
// server can be made to lose its database mid-run. Stop(kCrash) is `pg_ctl -m immediate`
// (every backend exits at once without a checkpoint: the next start runs crash
// recovery), which is what a killed database looks like to its clients.
#pragma once

#include <string>

#include "common/error.h"

namespace stroem::fault {

class PostgresCluster {
 public:
  PostgresCluster();
  ~PostgresCluster();  // stops the cluster and removes its folder
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // True when the PostgreSQL binaries exist (scripts/install-deps installs them).
  static bool Available();

  // initdb on the first call; starts on the same port every time.
  Result<void> Start();
  // Crash-like stop (pg_ctl -m immediate).
  void Crash();

  // postgres://postgres@127.0.0.1:<port>/postgres
  const std::string& url() const { return url_; }

 private:
  Result<void> Run(const std::string& command, const std::string& what);
  std::string dir_;
  std::string url_;
  int port_ = 0;
  bool initialised_ = false;
  bool running_ = false;
};

}  // namespace stroem::fault
