// Golden tests: every testdata/<case>.yaml (one file) and testdata/<case>/ (a
// workspace) is loaded; its sorted diagnostics must equal <case>.expected.
// Set STROEM_UPDATE_GOLDEN=1 to write the .expected files (then review the diff).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "workflow/loader.h"

namespace stroem::workflow {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator("testdata")) {
    const fs::path& p = entry.path();
    if (entry.is_directory() || p.extension() == ".yaml") names.push_back(p.stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Actual(const std::string& name) {
  fs::path dir = fs::path("testdata") / name;
  LoadResult result =
      fs::is_directory(dir) ? LoadWorkspace(dir.string()) : LoadFiles({dir.string() + ".yaml"});
  std::string out;
  for (const Diagnostic& d : result.diagnostics.Sorted()) out += d.ToString() + "\n";
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class WorkflowGolden : public testing::TestWithParam<std::string> {};

TEST_P(WorkflowGolden, DiagnosticsMatch) {
  fs::path expected_path = fs::path("testdata") / (GetParam() + ".expected");
  std::string actual = Actual(GetParam());
  if (std::getenv("STROEM_UPDATE_GOLDEN")) {
    std::ofstream(expected_path) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " is missing; actual:\n" << actual;
  EXPECT_EQ(ReadFile(expected_path), actual);
}

INSTANTIATE_TEST_SUITE_P(Cases, WorkflowGolden, testing::ValuesIn(CaseNames()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace stroem::workflow
