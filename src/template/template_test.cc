// Unit tests for the API around rendering: static analysis, literals, depth
// limits on generated inputs, error values and thread-safe rendering.
#include "template/template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace stroem::tmpl {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

Template MustParse(std::string_view source) {
  auto t = Template::Parse(source);
  EXPECT_TRUE(t.has_value()) << t.error().ToString();
  return *t;
}

boost::json::object Ctx(std::string_view json) {
  return boost::json::parse(json).as_object();
}

TEST(TemplateVariables, DottedPathsInFirstSeenOrder) {
  auto t = MustParse("{{ input.name }} {{ say_hello.output.greeting | upper }} {{ input.name }}");
  EXPECT_THAT(t.Variables(), ElementsAre("input.name", "say_hello.output.greeting"));
}

TEST(TemplateVariables, ConditionsLoopsAndFilterArguments) {
  auto t = MustParse(
      "{% if input.flag %}{% for x in input.items %}{{ x.a }}{{ loop.index }}{% endfor %}{% endif "
      "%}"
      "{{ a | default(value=b.c) }}");
  EXPECT_THAT(t.Variables(), ElementsAre("input.flag", "input.items", "a", "b.c"));
}

TEST(TemplateVariables, KeyValueLoopNamesAreLocal) {
  auto t = MustParse("{% for k, v in env %}{{ k }}={{ v.x }} {{ other }}{% endfor %}{{ k }}");
  EXPECT_THAT(t.Variables(), ElementsAre("env", "other", "k"));
}

TEST(TemplateVariables, StringIndexIsASegmentDynamicIndexStops) {
  auto t = MustParse(R"({{ a["k"].b }} {{ c[i].d }} {{ e[0].f }})");
  EXPECT_THAT(t.Variables(), ElementsAre("a.k.b", "i", "c", "e"));
}

TEST(TemplateVariables, HyphenIsSubtraction) {
  auto t = MustParse("{{ say-hello.output }}");
  EXPECT_THAT(t.Variables(), ElementsAre("say", "hello.output"));
}

TEST(TemplateVariables, LoopOutsideALoopIsAVariable) {
  EXPECT_THAT(MustParse("{{ loop.x }}").Variables(), ElementsAre("loop.x"));
}

TEST(TemplatePlaceholders, PositionsTextVariablesAndQuoting) {
  auto t = MustParse("echo {{ input.name | shell_quote }}\n  {{- input.x | upper }}{{ 1 }}");
  auto p = t.Placeholders();
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].line, 1);
  EXPECT_EQ(p[0].col, 6);
  EXPECT_EQ(p[0].text, "input.name | shell_quote");
  EXPECT_THAT(p[0].variables, ElementsAre("input.name"));
  EXPECT_TRUE(p[0].shell_quoted);
  EXPECT_EQ(p[1].line, 2);
  EXPECT_EQ(p[1].col, 3);
  EXPECT_EQ(p[1].text, "input.x | upper");
  EXPECT_FALSE(p[1].shell_quoted);
  EXPECT_THAT(p[2].variables, IsEmpty());
}

TEST(TemplatePlaceholders, OnlyTheLastFilterCounts) {
  auto p = MustParse("{{ x | shell_quote | upper }}{{ (x | shell_quote) ~ y }}").Placeholders();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_FALSE(p[0].shell_quoted);
  EXPECT_FALSE(p[1].shell_quoted);
}

TEST(TemplatePlaceholders, InsideBlocksWithLoopScope) {
  auto p =
      MustParse("{% for s in steps %}{% if s %}{{ s.name }} {{ input.a }}{% endif %}{% endfor %}")
          .Placeholders();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_THAT(p[0].variables, IsEmpty());
  EXPECT_THAT(p[1].variables, ElementsAre("input.a"));
}

TEST(TemplateLiteral, NoTagsMeansLiteral) {
  EXPECT_TRUE(MustParse("plain { text } %}").IsLiteral());
  EXPECT_TRUE(MustParse("").IsLiteral());
  EXPECT_FALSE(MustParse("{{ x }}").IsLiteral());
  EXPECT_FALSE(MustParse("a{# comment #}b").IsLiteral());
  EXPECT_FALSE(MustParse("{% if true %}{% endif %}").IsLiteral());
}

TEST(TemplateLiteral, RendersSourceUnchanged) {
  auto t = MustParse("}} plain %}");
  EXPECT_EQ(*t.Render({}), "}} plain %}");
  EXPECT_EQ(t.source(), "}} plain %}");
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

void ExpectParseError(const std::string& source, std::string_view fragment) {
  auto t = Template::Parse(source);
  ASSERT_FALSE(t.has_value());
  EXPECT_THAT(t.error().ToString(), ::testing::HasSubstr(std::string(fragment)));
}

TEST(TemplateDepth, TenThousandParenthesesIsAnError) {
  ExpectParseError("{{ " + Repeat("(", 10000) + "1" + Repeat(")", 10000) + " }}",
                   "nested too deeply");
}

TEST(TemplateDepth, TenThousandNestedIfsIsAnError) {
  ExpectParseError(Repeat("{% if true %}", 10000) + Repeat("{% endif %}", 10000),
                   "nested too deeply");
}

TEST(TemplateDepth, TenThousandNestedForsIsAnError) {
  ExpectParseError(Repeat("{% for x in y %}", 10000), "nested too deeply");
}

TEST(TemplateDepth, LongChainsAreErrors) {
  ExpectParseError("{{ x" + Repeat(" | upper", 10000) + " }}", "nested too deeply");
  ExpectParseError("{{ 1" + Repeat(" + 1", 10000) + " }}", "nested too deeply");
  ExpectParseError("{{ " + Repeat("not ", 10000) + "x }}", "nested too deeply");
  ExpectParseError("{{ " + Repeat("-", 10000) + "1 }}", "nested too deeply");
  ExpectParseError("{{ x" + Repeat(".a", 10000) + " }}", "nested too deeply");
  ExpectParseError("{{ " + Repeat("[", 10000) + " }}", "nested too deeply");
}

TEST(TemplateDepth, ModerateNestingIsFine) {
  auto t = MustParse(Repeat("{% if true %}", 100) + "x" + Repeat("{% endif %}", 100));
  EXPECT_EQ(*t.Render({}), "x");
}

TEST(TemplateLimits, LoopIterationsAreBounded) {
  auto t = MustParse(
      "{% for a in xs %}{% for b in xs %}{% for c in xs %}{% endfor %}{% endfor %}{% endfor %}");
  boost::json::array xs(200, boost::json::value(1));
  auto r = t.Render({{"xs", xs}});
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("too many loop iterations"));
}

TEST(TemplateLimits, StringGrowthIsBounded) {
  auto t = MustParse("{{ s" + Repeat(" | replace('a', 'aaaa')", 20) + " }}");
  auto r = t.Render({{"s", "aaaa"}});
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("too large"));
}

TEST(TemplateLimits, TotalWorkIsBounded) {
  // 1,600 iterations that each build a 256 KiB string: cheap to write, costly to run.
  auto t =
      MustParse("{% for a in xs %}{% for b in xs %}{{ (s" + Repeat(" | replace('a', 'aaaa')", 8) +
                ") | length }}{% endfor %}{% endfor %}");
  boost::json::array xs(40, boost::json::value(1));
  auto r = t.Render({{"xs", xs}, {"s", "aaaa"}});
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("too expensive"));
}

TEST(TemplateError, ToStringWithAndWithoutExpression) {
  EXPECT_EQ((TemplateError{"boom", 2, 5, "a.b"}).ToString(), "line 2, col 5: boom in `a.b`");
  EXPECT_EQ((TemplateError{"boom", 1, 1, ""}).ToString(), "line 1, col 1: boom");
}

TEST(TemplateRender, ParseOnceRenderMany) {
  auto t = MustParse("{{ n * 2 }}");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(*t.Render({{"n", i}}), std::to_string(i * 2));
}

TEST(TemplateRender, CopiesShareTheParsedForm) {
  auto t = MustParse("{{ a }}");
  Template copy = t;
  EXPECT_EQ(&copy.source(), &t.source());
}

TEST(TemplateRender, ThreadSafe) {
  auto t = MustParse(
      "{% for x in items %}{{ loop.index }}:{{ x | upper }}{% if not loop.last %},{% endif %}{% "
      "endfor %}");
  auto ctx = Ctx(R"({"items": ["a", "b", "c"]})");
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 2000; ++i) {
        auto r = t.Render(ctx);
        if (!r || *r != "1:A,2:B,3:C") ++failures[k];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_THAT(failures, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace stroem::tmpl
