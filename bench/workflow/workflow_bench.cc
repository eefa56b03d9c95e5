// Loading + validating a generated workspace of 1,000 tasks x 10 steps
// (target: under 1 s), next to the floor: libfyaml parsing the same text alone.
#include <benchmark/benchmark.h>
#include <libfyaml.h>

#include <string>

#include "workflow/loader.h"

namespace {

std::string GeneratedWorkspace(int tasks, int steps) {
  std::string y = "actions:\n";
  for (int a = 0; a < 10; ++a)
    y += "  act" + std::to_string(a) +
         ":\n    type: shell\n    cmd: echo {{ input.value | shell_quote }}\n"
         "    input:\n      value: { type: string, required: true }\n";
  y += "tasks:\n";
  for (int t = 0; t < tasks; ++t) {
    y += "  task-" + std::to_string(t) +
         ":\n    input:\n      name: { type: string, default: x }\n    flow:\n";
    for (int s = 0; s < steps; ++s) {
      y += "      step-" + std::to_string(s) + ":\n        action: act" + std::to_string(s % 10) +
           "\n";
      if (s > 0) y += "        depends_on: [step-" + std::to_string(s - 1) + "]\n";
      y += s > 0
               ? "        input: { value: \"{{ step_" + std::to_string(s - 1) + ".output.v }}\" }\n"
               : "        input: { value: \"{{ input.name }}\" }\n";
    }
  }
  return y;
}

const std::string& Workspace() {
  static const std::string text = GeneratedWorkspace(1000, 10);
  return text;
}

void BM_LoadAndValidate_1000x10(benchmark::State& state) {
  for (auto _ : state) {
    auto result = stroem::workflow::LoadSources({{"big.yaml", Workspace()}});
    if (!result.ok()) state.SkipWithError(result.diagnostics.all()[0].ToString().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.counters["steps"] = 10000;
}
BENCHMARK(BM_LoadAndValidate_1000x10)->Unit(benchmark::kMillisecond);

// The floor: libfyaml building the document, nothing else.
void BM_Baseline_LibfyamlParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    fy_parse_cfg cfg{};
    cfg.flags = FYPCF_QUIET;
    fy_document* doc = fy_document_build_from_string(&cfg, Workspace().data(), Workspace().size());
    benchmark::DoNotOptimize(doc);
    fy_document_destroy(doc);
  }
}
BENCHMARK(BM_Baseline_LibfyamlParseOnly)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
