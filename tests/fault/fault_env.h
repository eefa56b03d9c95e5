// What every fault scenario shares: the seed (STROEM_FAULT_SEED, else random; always
// printed so a failing run replays), the number of rounds (STROEM_FAULT_ROUNDS, default
// 1 for the bounded run of `make test`) and the tally printed at the end of a scenario.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace stroem::fault {

// The seed of this scenario, printed with its name.
uint64_t ScenarioSeed(const std::string& scenario);
int Rounds();

// What a scenario covered; Print() writes "fault: <name> seed=… kills=… jobs=… steps=…".
struct Tally {
  std::string name;
  uint64_t seed = 0;
  int rounds = 0;
  int kills = 0;
  int jobs = 0;
  int steps = 0;
  int lost = 0;  // steps failed as "worker lost"
  void Print() const;
};

// Uniform integer in [lo, hi].
int Pick(std::mt19937_64& rng, int lo, int hi);

}  // namespace stroem::fault
