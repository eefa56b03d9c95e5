// Runs every case in testdata/*.test. A file holds many cases:
//
//   === case_name
//   --- template
//   Hello {{ name }}
//   --- context            (optional, a JSON object; default {})
//   {"name": "Ann"}
//   --- output             (or `--- error` with the exact TemplateError::ToString())
//   Hello Ann
//
// A section's text is its lines joined by "\n", without a final newline; so
// an empty line before the next marker is a trailing newline.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "template/template.h"

namespace stroem::tmpl {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string name;
  std::map<std::string, std::string> sections;
};

fs::path TestDataDir() {
  if (const char* root = std::getenv("STROEM_SOURCE_DIR"))
    return fs::path(root) / "src/template/testdata";
  return "testdata";
}

void ReadFile(const fs::path& path, std::vector<GoldenCase>& out) {
  std::ifstream in(path);
  std::string line, section;
  std::vector<std::string> lines;
  auto flush = [&] {
    if (out.empty() || section.empty()) return;
    std::string text;
    for (size_t i = 0; i < lines.size(); ++i) text += (i ? "\n" : "") + lines[i];
    out.back().sections[section] = text;
    lines.clear();
  };
  while (std::getline(in, line)) {
    if (line.starts_with("=== ")) {
      flush();
      section.clear();
      out.push_back({path.stem().string() + "_" + line.substr(4), {}});
    } else if (line.starts_with("--- ")) {
      flush();
      section = line.substr(4);
    } else {
      lines.push_back(line);
    }
  }
  flush();
}

std::vector<GoldenCase> LoadCases() {
  std::vector<GoldenCase> cases;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(TestDataDir())) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) ReadFile(f, cases);
  return cases;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, Renders) {
  const GoldenCase& c = GetParam();
  ASSERT_TRUE(c.sections.contains("template")) << c.name;
  ASSERT_NE(c.sections.contains("output"), c.sections.contains("error")) << c.name;
  boost::json::object context;
  if (auto it = c.sections.find("context"); it != c.sections.end()) {
    context = boost::json::parse(it->second).as_object();
  }
  auto result = Render(c.sections.at("template"), context);
  if (c.sections.contains("output")) {
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    EXPECT_EQ(*result, c.sections.at("output"));
  } else {
    ASSERT_FALSE(result.has_value()) << "rendered: " << *result;
    EXPECT_EQ(result.error().ToString(), c.sections.at("error"));
  }
}

INSTANTIATE_TEST_SUITE_P(Template, Golden, ::testing::ValuesIn(LoadCases()),
                         [](const auto& info) { return info.param.name; });

TEST(GoldenSuite, HasEnoughCases) {
  EXPECT_GE(LoadCases().size(), 150u);
}

}  // namespace
}  // namespace stroem::tmpl
