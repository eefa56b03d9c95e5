// The one table of `make bench`: per benchmark and backend, each figure with the baseline
// measured in the same run, their ratio, the target and whether it holds.
#pragma once

#include <cmath>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace stroem::bench {

struct Row {
  std::string bench;    // "1 sequential"
  std::string backend;  // "SQLite", "PostgreSQL", "-"
  std::string metric;   // "overhead per step"
  std::string value;    // formatted with its unit
  std::string baseline;
  std::string ratio;
  std::string target;
  std::optional<bool> met;  // unset: no target, or not judged (--smoke)
};

class Report {
 public:
  void Add(Row row);
  void Print(std::ostream& out) const;     // aligned text
  void Markdown(std::ostream& out) const;  // a Markdown table
  int missed() const;

 private:
  std::vector<Row> rows_;
};

// Formatting helpers: Fixed(1234.5, 1) = "1,234.5"; Ratio(2.04) = "2.04×".
std::string Fixed(double value, int decimals);
std::string Ratio(double value);

// Order statistics over a copy; NaN for an empty sample.
double Percentile(std::vector<double> sample, double p);  // p in [0, 100]
inline double Median(std::vector<double> sample) {
  return Percentile(std::move(sample), 50);
}

}  // namespace stroem::bench
