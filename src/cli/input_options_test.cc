#include "cli/input_options.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace stroem::cli {
namespace {

TEST(InputOptions, NothingGivesAnEmptyObject) {
  EXPECT_EQ(*BuildInput(std::nullopt, std::nullopt, {}), "{}");
}

TEST(InputOptions, RawJsonAndSetsOverIt) {
  auto r = BuildInput(std::string(R"({"name":"CLI","n":1})"), std::nullopt,
                      {"n=3", "flag=true", "who=World", "id=\"007\"", "list=[1,2]", "eq=a=b"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r,
            R"({"name":"CLI","n":3,"flag":true,"who":"World","id":"007","list":[1,2],"eq":"a=b"})");
}

TEST(InputOptions, InvalidJsonUsesTheContractWording) {
  auto r = BuildInput(std::string("{nope"), std::nullopt, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.rfind("Invalid JSON input", 0), 0u) << r.error().message;
  auto array = BuildInput(std::string("[1]"), std::nullopt, {});
  ASSERT_FALSE(array);
  EXPECT_EQ(array.error().message, "Invalid JSON input: expected an object");
}

TEST(InputOptions, InputFile) {
  std::string path = testing::TempDir() + "/input_options_test.json";
  std::ofstream(path) << R"({"name": "file"})";
  auto r = BuildInput(std::nullopt, path, {"extra=1"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, R"({"name":"file","extra":1})");
  std::remove(path.c_str());
  auto missing = BuildInput(std::nullopt, std::string("/no/such/file.json"), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "cannot read input file /no/such/file.json");
}

TEST(InputOptions, SetWithoutEqualsIsAnError) {
  auto r = BuildInput(std::nullopt, std::nullopt, {"name"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "--set expects key=value, got 'name'");
}

}  // namespace
}  // namespace stroem::cli
