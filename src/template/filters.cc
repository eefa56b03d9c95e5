#include "template/internal/filters.h"

#include <boost/json.hpp>

namespace stroem::tmpl::internal {
namespace {

const std::vector<FilterDef>& Table() {
  static const std::vector<FilterDef> table = {
      {"default", {{"value"}, {"boolean"}}, nullptr, true},
      {"upper", {}, FilterUpper},
      {"lower", {}, FilterLower},
      {"capitalize", {}, FilterCapitalize},
      {"title", {}, FilterTitle},
      {"trim", {}, FilterTrim},
      {"replace", {{"from", true}, {"to", true}}, FilterReplace},
      {"split", {{"pat", true}}, FilterSplit},
      {"shell_quote", {}, FilterShellQuote},
      {"string", {}, FilterString},
      {"json_encode", {{"pretty"}}, FilterJsonEncode},
      {"tojson", {{"pretty"}}, FilterJsonEncode},
      {"length", {}, FilterLength},
      {"join", {{"sep"}}, FilterJoin},
      {"first", {}, FilterFirst},
      {"last", {}, FilterLast},
      {"keys", {}, FilterKeys},
      {"values", {}, FilterValues},
      {"int", {{"default"}}, FilterInt},
      {"float", {{"default"}}, FilterFloat},
      {"abs", {}, FilterAbs},
      {"round", {{"precision"}, {"method"}}, FilterRound},
  };
  return table;
}

}  // namespace

const FilterDef* FindFilter(std::string_view name) {
  for (const FilterDef& def : Table()) {
    if (def.name == name) return &def;
  }
  return nullptr;
}

std::string TypeMismatch(std::string_view filter, std::string_view expected,
                         const boost::json::value& got) {
  return "filter '" + std::string(filter) + "' expects " + std::string(expected) + ", got " +
         TypeName(got);
}

}  // namespace stroem::tmpl::internal
