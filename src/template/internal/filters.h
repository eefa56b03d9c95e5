// The filter table. The parser resolves filter names and argument positions
// against it, so a call never looks anything up by name at render time.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "template/internal/value.h"

namespace stroem::tmpl::internal {

struct FilterParam {
  std::string_view name;
  bool required = false;
};

// One value per declared parameter; nullptr when the call left it out.
using FilterArgs = std::span<const boost::json::value* const>;

// On failure returns the message (the caller adds the position).
using FilterResult = tl::expected<Value, std::string>;
using FilterFn = FilterResult (*)(Value input, FilterArgs args);

struct FilterDef {
  std::string_view name;
  std::vector<FilterParam> params;
  FilterFn fn = nullptr;           // null for `default`, which the renderer evaluates itself
  bool catches_undefined = false;  // `default`
};

const FilterDef* FindFilter(std::string_view name);

// Filter implementations, grouped by file.
FilterResult FilterUpper(Value in, FilterArgs args);
FilterResult FilterLower(Value in, FilterArgs args);
FilterResult FilterCapitalize(Value in, FilterArgs args);
FilterResult FilterTitle(Value in, FilterArgs args);
FilterResult FilterTrim(Value in, FilterArgs args);
FilterResult FilterReplace(Value in, FilterArgs args);
FilterResult FilterSplit(Value in, FilterArgs args);
FilterResult FilterShellQuote(Value in, FilterArgs args);
FilterResult FilterString(Value in, FilterArgs args);
FilterResult FilterJsonEncode(Value in, FilterArgs args);

FilterResult FilterLength(Value in, FilterArgs args);
FilterResult FilterJoin(Value in, FilterArgs args);
FilterResult FilterFirst(Value in, FilterArgs args);
FilterResult FilterLast(Value in, FilterArgs args);
FilterResult FilterKeys(Value in, FilterArgs args);
FilterResult FilterValues(Value in, FilterArgs args);

FilterResult FilterInt(Value in, FilterArgs args);
FilterResult FilterFloat(Value in, FilterArgs args);
FilterResult FilterAbs(Value in, FilterArgs args);
FilterResult FilterRound(Value in, FilterArgs args);

// "filter 'upper' expects a string, got integer"
std::string TypeMismatch(std::string_view filter, std::string_view expected,
                         const boost::json::value& got);

}  // namespace stroem::tmpl::internal
