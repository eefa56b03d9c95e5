#include "workflow/dag.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stroem::workflow {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

// a -> (b, c) -> d : the diamond.
Dag Diamond() {
  return Dag({"a", "b", "c", "d"}, {{}, {"a"}, {"a"}, {"b", "c"}});
}

TEST(Dag, TopologicalOrderFollowsFlowOrderOnTies) {
  EXPECT_THAT(*Diamond().TopologicalOrder(), ElementsAre("a", "b", "c", "d"));
  Dag reversed({"z", "y", "x"}, {{"x"}, {"x"}, {}});
  EXPECT_THAT(*reversed.TopologicalOrder(), ElementsAre("x", "z", "y"));
}

TEST(Dag, FindsCycleWithPath) {
  Dag dag({"a", "b", "c"}, {{"c"}, {"a"}, {"b"}});
  EXPECT_THAT(dag.FindCycle(), ElementsAre("a", "c", "b", "a"));
  EXPECT_FALSE(dag.TopologicalOrder());
}

TEST(Dag, SelfDependencyIsACycle) {
  Dag dag({"a"}, {{"a"}});
  EXPECT_THAT(dag.FindCycle(), ElementsAre("a", "a"));
}

TEST(Dag, AcyclicHasNoCycle) {
  EXPECT_THAT(Diamond().FindCycle(), IsEmpty());
}

TEST(Dag, ReadyStepsNeedAllDependenciesCompleted) {
  Dag dag = Diamond();
  EXPECT_THAT(dag.ReadySteps({}), ElementsAre("a"));
  EXPECT_THAT(dag.ReadySteps({{"a", StepState::kCompleted}}), ElementsAre("b", "c"));
  EXPECT_THAT(
      dag.ReadySteps(
          {{"a", StepState::kCompleted}, {"b", StepState::kCompleted}, {"c", StepState::kRunning}}),
      IsEmpty());
  EXPECT_THAT(dag.ReadySteps({{"a", StepState::kCompleted},
                              {"b", StepState::kCompleted},
                              {"c", StepState::kCompleted}}),
              ElementsAre("d"));
  EXPECT_THAT(dag.ReadySteps({{"a", StepState::kFailed}}), IsEmpty());
}

TEST(Dag, DescendantsAreTransitive) {
  Dag dag = Diamond();
  EXPECT_THAT(dag.Descendants("a"), ElementsAre("b", "c", "d"));
  EXPECT_THAT(dag.Descendants("b"), ElementsAre("d"));
  EXPECT_THAT(dag.Descendants("d"), IsEmpty());
  EXPECT_THAT(dag.Descendants("nope"), IsEmpty());
  EXPECT_TRUE(dag.DependsOn("d", "a"));
  EXPECT_FALSE(dag.DependsOn("b", "c"));
}

TEST(Dag, UnknownDependenciesAreIgnored) {
  Dag dag({"a"}, {{"ghost"}});
  EXPECT_THAT(*dag.TopologicalOrder(), ElementsAre("a"));
}

TEST(Dag, StateNamesRoundTrip) {
  for (StepState s :
       {StepState::kPending, StepState::kReady, StepState::kRunning, StepState::kCompleted,
        StepState::kFailed, StepState::kSkipped, StepState::kCancelled})
    EXPECT_EQ(ParseStepState(StepStateName(s)), s);
  EXPECT_FALSE(ParseStepState("done"));
}

TEST(Dag, LongChainDoesNotOverflow) {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> deps;
  for (int i = 0; i < 20000; ++i) {
    names.push_back("s" + std::to_string(i));
    deps.push_back(i == 0 ? std::vector<std::string>{} : std::vector<std::string>{names[i - 1]});
  }
  Dag dag(names, deps);
  EXPECT_THAT(dag.FindCycle(), IsEmpty());
  EXPECT_EQ(dag.TopologicalOrder()->size(), 20000u);
}

}  // namespace
}  // namespace stroem::workflow
