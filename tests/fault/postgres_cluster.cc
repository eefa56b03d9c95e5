#include "postgres_cluster.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "api/testing/server_process.h"

namespace stroem::fault {
namespace {

namespace fs = std::filesystem;

std::string BinDir() {
  const char* dir = std::getenv("PG_BINDIR");
  return dir ? dir : "/usr/lib/postgresql/15/bin";
}

// initdb refuses to run as root: the cluster then belongs to `postgres`.
std::string AsOwner(const std::string& command) {
  return ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

}  // namespace

PostgresCluster::PostgresCluster() {
  std::string tmpl = (fs::temp_directory_path() / "stroem-fault-pg.XXXXXX").string();
  dir_ = ::mkdtemp(tmpl.data()) ? tmpl : "";
  if (::geteuid() == 0) (void)std::system(("chown postgres: " + dir_).c_str());
}

PostgresCluster::~PostgresCluster() {
  if (running_) Crash();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

bool PostgresCluster::Available() {
  return fs::exists(BinDir() + "/initdb") && fs::exists(BinDir() + "/pg_ctl");
}

Result<void> PostgresCluster::Run(const std::string& command, const std::string& what) {
  std::string line = AsOwner(command) + " >>" + dir_ + "/pg.out 2>&1";
  if (std::system(line.c_str()) != 0)
    return Fail(ErrorCode::kUnavailable, what + " failed; see " + dir_ + "/pg.out");
  return Ok();
}

Result<void> PostgresCluster::Start() {
  if (!initialised_) {
    auto init = Run(BinDir() + "/initdb -D " + dir_ + "/data -U postgres --auth=trust -E UTF8" +
                        " --no-locale -N",
                    "initdb");
    if (!init) return init;
    initialised_ = true;
  }
  // A port found free can be taken before the server binds it: try a few.
  for (int i = 0; i < 5; ++i) {
    if (port_ == 0 || i > 0) {
      auto port = api::testing::FreeRestartablePort();
      if (!port) return tl::unexpected(port.error());
      port_ = *port;
    }
    std::string options = "-p " + std::to_string(port_) + " -k " + dir_ +
                          " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" +
                          " -c max_connections=200";
    auto started = Run(BinDir() + "/pg_ctl -D " + dir_ + "/data -l " + dir_ +
                           "/server.log -w -t 60 -o '" + options + "' start",
                       "pg_ctl start");
    if (started) {
      running_ = true;
      url_ = "postgres://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
      return Ok();
    }
    // A restart must keep its port (the server's URL names it): only retry the first time.
    if (!url_.empty()) return started;
  }
  return Fail(ErrorCode::kUnavailable, "PostgreSQL did not start; see " + dir_ + "/server.log");
}

void PostgresCluster::Crash() {
  (void)Run(BinDir() + "/pg_ctl -D " + dir_ + "/data -m immediate stop", "pg_ctl stop");
  running_ = false;
}

}  // namespace stroem::fault
