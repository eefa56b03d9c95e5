// The binary and unary operators on JSON values. Each returns the result or
// the message of a render error ("division by zero", ...).
#pragma once

#include <string>
#include <tl/expected.hpp>

#include "template/internal/ast.h"
#include "template/internal/value.h"

namespace stroem::tmpl::internal {

using OpResult = tl::expected<boost::json::value, std::string>;

// + - * / % on numbers; + also joins two strings or two arrays.
OpResult Arithmetic(BinaryOp op, const boost::json::value& a, const boost::json::value& b);

// == != < > <= >=. Ordering needs two numbers or two strings.
tl::expected<bool, std::string> Compare(BinaryOp op, const boost::json::value& a,
                                        const boost::json::value& b);

// `item in container`: substring, array element or object key.
tl::expected<bool, std::string> Contains(const boost::json::value& container,
                                         const boost::json::value& item);

OpResult Negate(const boost::json::value& v);

}  // namespace stroem::tmpl::internal
