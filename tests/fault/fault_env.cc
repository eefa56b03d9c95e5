#include "fault_env.h"

#include <cstdio>
#include <cstdlib>

namespace stroem::fault {

uint64_t ScenarioSeed(const std::string& scenario) {
  uint64_t seed = 0;
  if (const char* s = std::getenv("STROEM_FAULT_SEED"); s && *s)
    seed = std::strtoull(s, nullptr, 10);
  else
    seed = std::random_device{}() * 0x100000000ull + std::random_device{}();
  std::printf("fault: %s seed=%llu (replay with STROEM_FAULT_SEED=%llu)\n", scenario.c_str(),
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  std::fflush(stdout);
  return seed;
}

int Rounds() {
  const char* s = std::getenv("STROEM_FAULT_ROUNDS");
  int n = s ? std::atoi(s) : 1;
  return n > 0 ? n : 1;
}

void Tally::Print() const {
  std::printf("fault: %s seed=%llu rounds=%d kills=%d jobs=%d steps=%d lost=%d\n", name.c_str(),
              static_cast<unsigned long long>(seed), rounds, kills, jobs, steps, lost);
  std::fflush(stdout);
}

int Pick(std::mt19937_64& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

}  // namespace stroem::fault
