#include "server/secret_mask.h"

#include <gtest/gtest.h>

namespace stroem::server {
namespace {

std::vector<LogRecord> Lines(std::vector<std::string> lines) {
  std::vector<LogRecord> out;
  for (std::string& l : lines) out.push_back({"", "stdout", "s", std::move(l)});
  return out;
}

TEST(SecretMask, EveryOccurrenceOfEverySecretIsMasked) {
  std::vector<workflow::SecretLeaf> secrets = {{"db.password", "hunter2", {}},
                                               {"token", "s3cret", {}}};
  auto records = Lines({"password=hunter2 token=s3cret", "hunter2hunter2", "nothing here"});
  MaskSecrets(records, secrets);
  EXPECT_EQ(records[0].line, "password=*** token=***");
  EXPECT_EQ(records[1].line, "******");
  EXPECT_EQ(records[2].line, "nothing here");
}

TEST(SecretMask, ASecretContainingAnotherIsMaskedWhole) {
  std::vector<workflow::SecretLeaf> secrets = {{"a", "abc", {}}, {"b", "xxabcxx", {}}};
  auto records = Lines({"[xxabcxx] [abc]"});
  MaskSecrets(records, secrets);
  EXPECT_EQ(records[0].line, "[***] [***]");
}

TEST(SecretMask, TinyValuesAreLeftAlone) {
  std::vector<workflow::SecretLeaf> secrets = {{"flag", "on", {}}, {"empty", "", {}}};
  auto records = Lines({"turn it on"});
  MaskSecrets(records, secrets);
  EXPECT_EQ(records[0].line, "turn it on");
}

}  // namespace
}  // namespace stroem::server
