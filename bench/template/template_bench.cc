// Template engine speed: render of a parsed template, parse + render, and a
// plain string-concatenation baseline of the same output, so the figures read
// as ratios on any machine. Results go in docs/performance.md.
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <string>

#include "template/template.h"

namespace {

constexpr std::string_view kSource =
    "Hello {{ input.name }}, step {{ say_hello.output.greeting }} ran {{ input.count }} times";

boost::json::object Context() {
  return boost::json::parse(R"({"input": {"name": "World", "count": 3},
                                "say_hello": {"output": {"greeting": "hi"}}})")
      .as_object();
}

// What the template does, written by hand: the floor for any engine.
void BM_Baseline_Concat(benchmark::State& state) {
  auto ctx = Context();
  for (auto _ : state) {
    const auto& input = ctx.at("input").as_object();
    std::string out;
    out.reserve(kSource.size() + 64);
    out += "Hello ";
    out += std::string_view(input.at("name").as_string());
    out += ", step ";
    out += std::string_view(
        ctx.at("say_hello").as_object().at("output").as_object().at("greeting").as_string());
    out += " ran ";
    out += std::to_string(input.at("count").as_int64());
    out += " times";
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Baseline_Concat);

// Parses `source` once, then measures Render alone.
void RenderParsed(benchmark::State& state, std::string_view source,
                  const boost::json::object& ctx) {
  auto t = stroem::tmpl::Template::Parse(source);
  for (auto _ : state) {
    auto out = t->Render(ctx);
    benchmark::DoNotOptimize(out);
  }
}

void BM_Render_Parsed(benchmark::State& state) {
  RenderParsed(state, kSource, Context());
}
BENCHMARK(BM_Render_Parsed);

void BM_Parse_And_Render(benchmark::State& state) {
  auto ctx = Context();
  for (auto _ : state) {
    auto out = stroem::tmpl::Render(kSource, ctx);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_Parse_And_Render);

void BM_Render_Loop_Filters(benchmark::State& state) {
  RenderParsed(state,
               "{% for x in items %}{{ loop.index }}={{ x | upper | shell_quote }}"
               "{% if not loop.last %} {% endif %}{% endfor %}",
               boost::json::parse(R"({"items": ["alpha", "beta", "gamma", "delta", "epsilon"]})")
                   .as_object());
}
BENCHMARK(BM_Render_Loop_Filters);

void BM_Render_Literal(benchmark::State& state) {
  RenderParsed(state, "echo no placeholders here", Context());
}
BENCHMARK(BM_Render_Literal);

}  // namespace

BENCHMARK_MAIN();
