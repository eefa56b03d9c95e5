#include "workflow/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "workflow/validate.h"

namespace stroem::workflow {
namespace {

LoadResult Load(const std::string& yaml) {
  return LoadSources({{"w.yaml", yaml}});
}

TEST(Loader, ParsesTheSeedExample) {
  LoadResult r = LoadFiles({"testdata/seed_hello.yaml"});
  ASSERT_TRUE(r.ok());
  const Task* task = r.workspace.FindTask("hello-world");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->mode, "distributed");
  ASSERT_EQ(task->flow.size(), 2u);
  EXPECT_EQ(task->flow[0].name, "say-hello");
  EXPECT_EQ(task->flow[1].depends_on, std::vector<std::string>{"say-hello"});
  ASSERT_EQ(task->input.size(), 1u);
  EXPECT_EQ(task->input[0].default_json, "\"World\"");
  const Action* greet = r.workspace.FindAction("greet");
  ASSERT_NE(greet, nullptr);
  EXPECT_EQ(greet->type, "shell");
  EXPECT_TRUE(greet->input[0].required);
  EXPECT_EQ(greet->pos.line, 2);
  EXPECT_EQ(greet->pos.col, 3);
}

TEST(Loader, KeepsFlowOrderNotAlphabetical) {
  LoadResult r = Load(
      "actions: {n: {type: shell, cmd: 'true'}}\n"
      "tasks: {t: {flow: {zeta: {action: n}, alpha: {action: n}}}}\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.workspace.tasks.at("t").flow[0].name, "zeta");
}

TEST(Loader, StepInputValuesBecomeJson) {
  LoadResult r = Load(
      "actions: {n: {type: shell, cmd: 'true'}}\n"
      "tasks: {t: {flow: {s: {action: n, input: {a: 1, b: 'x', c: true, d: [1, 2], e: ~, f: '5', "
      "g: 2.5}}}}}\n");
  ASSERT_TRUE(r.ok());
  const auto& in = r.workspace.tasks.at("t").flow[0].input;
  ASSERT_EQ(in.size(), 7u);
  EXPECT_EQ(in[0].json, "1");
  EXPECT_FALSE(in[0].text);
  EXPECT_EQ(in[1].json, "\"x\"");
  EXPECT_EQ(in[1].text, "x");
  EXPECT_EQ(in[2].json, "true");
  EXPECT_EQ(in[3].json, "[1,2]");
  EXPECT_EQ(in[4].json, "null");
  EXPECT_EQ(in[5].json, "\"5\"");
  EXPECT_EQ(in[5].text, "5");
}

TEST(Loader, SecretsMergeAcrossFiles) {
  LoadResult r =
      LoadSources({{"a.yaml", "secrets: {a: x}\n"}, {"b.yaml", "secrets: {b: {c: y}}\n"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.workspace.secrets_json, R"({"a":"x","b":{"c":"y"}})");
  ASSERT_EQ(r.workspace.secrets.size(), 2u);
  EXPECT_EQ(r.workspace.secrets[1].path, "b.c");
}

TEST(Loader, ActionInAnotherFileIsValid) {
  LoadResult r = LoadSources({{"b.yaml", "tasks: {t: {flow: {s: {action: n}}}}\n"},
                              {"a.yaml", "actions: {n: {type: shell, cmd: 'true'}}\n"}});
  EXPECT_TRUE(r.ok()) << r.diagnostics.all()[0].ToString();
}

TEST(Loader, CollectsAllProblemsNotOnlyTheFirst) {
  LoadResult r = Load("actions:\n  a: {type: nope}\n  b: {type: shell}\n  c: {type: docker}\n");
  EXPECT_EQ(r.diagnostics.all().size(), 3u);
}

TEST(Loader, WorkflowFilesAreSortedAndFiltered) {
  std::vector<std::string> files = WorkflowFiles("testdata/cross_file");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], "testdata/cross_file/.workflows/10-actions.yaml");
  EXPECT_EQ(files[1], "testdata/cross_file/.workflows/20-tasks.yml");
}

TEST(Loader, RootWithoutWorkflowsFolderIsScannedItself) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("stroem-loader-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "a.yml") << "actions: {n: {type: shell, cmd: 'true'}}\n";
  std::ofstream(dir / "sub" / "b.yaml") << "not scanned: [\n";
  LoadResult r = LoadWorkspace(dir.string());
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.workspace.files.size(), 1u);
  fs::remove_all(dir);
}

TEST(Loader, UnreadableFileIsAnError) {
  LoadResult r = LoadFiles({"testdata/does-not-exist.yaml"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics.all()[0].ToString(),
            "testdata/does-not-exist.yaml: error: cannot read file");
}

TEST(Loader, HostileDocumentsAreRefusedNotExpanded) {
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev)
    laughs += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
              prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
              ", *" + prev + "]\n";
  LoadResult r = Load("secrets:\n  " + std::string("x: 1\n") + laughs);
  EXPECT_FALSE(r.ok());
  std::string deep(5000, '[');
  EXPECT_FALSE(Load("actions: " + deep).ok());
}

TEST(Validate, InputEnvName) {
  EXPECT_EQ(InputEnvName("name"), "STROEM_INPUT_NAME");
  EXPECT_EQ(InputEnvName("deploy-env.x"), "STROEM_INPUT_DEPLOY_ENV_X");
}

}  // namespace
}  // namespace stroem::workflow
