// The packaging in deploy/, as far as it can be checked without a Docker engine: the
// example configs load and run a job together, the systemd units verify, and the
// Dockerfile's runtime stage installs every library the binaries link.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "harness.h"

namespace stroem::e2e {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string Deploy(const std::string& file) {
  return Env("STROEM_SOURCE_DIR") + "/deploy/" + file;
}

// PostgreSQL when there is one (that is what the configs are for), otherwise SQLite.
TEST(E2eDeploy, ExampleConfigsRunAJobTogether) {
  ClusterOptions options;
  options.backend = PostgresAvailable() ? Backend::kPostgres : Backend::kSqlite;
  options.embedded_worker = false;
  options.workers = 1;
  // The test's environment overrides only the database, addresses, paths and token.
  options.server_config_file = Deploy("server-config.yaml");
  options.worker_config_file = Deploy("worker-config.yaml");
  std::string error;
  auto cluster = Cluster::Start(options, error);
  ASSERT_TRUE(cluster) << error;
  json::value job = cluster->WaitForJob(cluster->Trigger("hello-world", {{"name", "Deploy"}}));
  EXPECT_EQ(StatusOf(job), "completed") << json::serialize(job) << cluster->Output();
  EXPECT_THAT(cluster->Logs(job.at("job_id").as_string().c_str()),
              ::testing::HasSubstr("HELLO DEPLOY"));
  // The worker identifies itself with the file's capabilities and its (overridden) name.
  json::value workers = cluster->Get("/api/workers").Json();
  ASSERT_TRUE(workers.is_array() && workers.get_array().size() == 1) << json::serialize(workers);
  EXPECT_EQ(workers.at(0).at("capabilities"), json::parse(R"(["shell"])"));
}

// systemd-analyze verify checks keys, values and that ExecStart is executable; the
// units are copied with ExecStart pointing at the binaries just built.
TEST(E2eDeploy, SystemdUnitsVerify) {
  if (!fs::exists("/usr/bin/systemd-analyze")) GTEST_SKIP() << "systemd-analyze is not installed";
  TempDir dir;
  std::vector<std::string> args{"verify"};
  for (const char* unit : {"stroem-server.service", "stroem-worker.service"}) {
    std::string text = ReadFile(Deploy(std::string("systemd/") + unit));
    ASSERT_FALSE(text.empty()) << unit;
    text = std::regex_replace(text, std::regex("/usr/local/bin/stroem-server"),
                              Env("STROEM_SERVER_BIN"));
    text = std::regex_replace(text, std::regex("/usr/local/bin/stroem-worker"),
                              Env("STROEM_WORKER_BIN"));
    WriteFile(dir.path() + "/" + unit, text);
    args.push_back(dir.path() + "/" + unit);
  }
  RunResult r = RunCommand("/usr/bin/systemd-analyze", args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // Unknown keys and bad values are only warnings: there must be none.
  EXPECT_EQ(r.out + r.err, "");
}

// The units run as `stroem`: the sysusers file creates it (here in a scratch root).
TEST(E2eDeploy, SysusersFileCreatesTheServiceUser) {
  if (!fs::exists("/usr/bin/systemd-sysusers")) GTEST_SKIP() << "systemd-sysusers is not installed";
  TempDir root;
  fs::create_directories(root.path() + "/etc");
  RunResult r = RunCommand("/usr/bin/systemd-sysusers",
                           {"--root=" + root.path(), Deploy("systemd/stroem.sysusers")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(
      ReadFile(root.path() + "/etc/passwd"),
      ::testing::ContainsRegex("^stroem:x:[0-9]+:[0-9]+:[^:]*:/var/lib/stroem:/usr/sbin/nologin"));
}

// The shared libraries a binary needs directly (readelf's NEEDED entries).
std::set<std::string> NeededLibraries(const std::string& binary) {
  RunResult r = RunCommand("/usr/bin/readelf", {"-d", binary});
  std::set<std::string> out;
  std::regex needed(R"(\(NEEDED\)\s+Shared library: \[([^\]]+)\])");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), needed), end; it != end; ++it)
    out.insert((*it)[1]);
  return out;
}

// Where the loader finds each library of `binary` (ldd), by file name.
std::map<std::string, std::string> LibraryPaths(const std::string& binary) {
  RunResult r = RunCommand("/usr/bin/ldd", {binary});
  std::map<std::string, std::string> out;
  std::regex line(R"((\S+) => (\S+) \()");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), line), end; it != end; ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

// The Debian package that ships a library, e.g. libfyaml0. On a merged-/usr system dpkg
// records some files under /lib and others under /usr/lib: ask for both spellings.
std::string PackageOf(const std::string& path) {
  std::error_code ec;
  std::string real = fs::canonical(path, ec).string();
  for (std::string candidate : {real, real.starts_with("/usr/") ? real.substr(4) : "/usr" + real}) {
    RunResult r = RunCommand("/usr/bin/dpkg-query", {"-S", candidate});
    if (r.exit_code == 0) return r.out.substr(0, r.out.find_first_of(":,"));
  }
  return "";
}

TEST(E2eDeploy, DockerfileRuntimeStageHasEveryLinkedLibrary) {
  if (!fs::exists("/usr/bin/readelf") || !fs::exists("/usr/bin/dpkg-query"))
    GTEST_SKIP() << "needs readelf and dpkg-query";
  std::string dockerfile = ReadFile(Deploy("Dockerfile"));
  size_t runtime = dockerfile.find("FROM debian:bookworm-slim AS runtime");
  ASSERT_NE(runtime, std::string::npos) << "no runtime stage on debian:bookworm-slim";
  std::string runtime_stage = dockerfile.substr(runtime);
  // Essential in every Debian image, bookworm-slim included.
  const std::set<std::string> essential{"libc6", "libstdc++6", "libgcc-s1"};
  for (const char* bin : {"STROEM_SERVER_BIN", "STROEM_WORKER_BIN", "STROEM_CLI_BIN"}) {
    std::map<std::string, std::string> paths = LibraryPaths(Env(bin));
    for (const std::string& lib : NeededLibraries(Env(bin))) {
      // Sanitizer runtimes appear only in `make test-sanitize` builds, never in the image.
      if (lib.starts_with("libasan") || lib.starts_with("libubsan") || lib.starts_with("libtsan")) continue;
      std::string package = PackageOf(paths[lib]);
      ASSERT_FALSE(package.empty()) << lib << " of " << Env(bin) << " belongs to no package";
      if (essential.count(package)) continue;
      EXPECT_TRUE(std::regex_search(runtime_stage, std::regex("\\s" + package + "\\s")))
          << "deploy/Dockerfile's runtime stage does not install " << package << " (" << lib << ")";
    }
  }
}

}  // namespace
}  // namespace stroem::e2e
