#include <gtest/gtest.h>

#include "storage/store.h"

namespace stroem::storage {
namespace {

TEST(RedactUrl, HidesPasswords) {
  EXPECT_EQ(RedactUrl("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
  EXPECT_EQ(RedactUrl("postgresql://u@h/db?password=secret&sslmode=disable"),
            "postgresql://u@h/db?password=***&sslmode=disable");
  EXPECT_EQ(RedactUrl("postgres://h:5432/db"), "postgres://h:5432/db");
  EXPECT_EQ(RedactUrl("sqlite:/tmp/x.db"), "sqlite:/tmp/x.db");
}

TEST(OpenStore, RefusesAnEmptyUrl) {
  auto store = OpenStore("", SystemClock::Instance());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace stroem::storage
