// Error values for expected failures. Exceptions never cross a layer boundary:
// every operation that can fail because of input, files, databases or processes
// returns Result<T>, and the HTTP edge maps ErrorCode to a status in one table.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace stroem {

enum class ErrorCode {
  kInvalidArgument,  // bad input from a user: 400
  kNotFound,         // 404
  kConflict,         // state does not allow the operation: 409
  kStaleAttempt,     // a result or log for an attempt that is no longer current: 409
  kUnavailable,      // database or peer unreachable, retry later: 503
  kInternal,         // a bug or an unexpected failure: 500
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Shorthand for returning an error: `return Fail(ErrorCode::kNotFound, "Job not found");`
inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// Result<void> success value.
inline Result<void> Ok() {
  return {};
}

const char* ErrorCodeName(ErrorCode code);

}  // namespace stroem
