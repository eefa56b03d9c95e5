#include "report.h"

#include <algorithm>
#include <cstdio>

namespace stroem::bench {
namespace {

std::string Met(const Row& row) {
  if (!row.met) return "";
  return *row.met ? "yes" : "NO";
}

}  // namespace

void Report::Add(Row row) {
  std::fprintf(stderr, "  %-22s %-10s %-34s %14s  baseline %s %s\n", row.bench.c_str(),
               row.backend.c_str(), row.metric.c_str(), row.value.c_str(), row.baseline.c_str(),
               row.ratio.c_str());
  rows_.push_back(std::move(row));
}

int Report::missed() const {
  return static_cast<int>(
      std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.met && !*r.met; }));
}

void Report::Print(std::ostream& out) const {
  const char* headers[] = {"benchmark", "backend", "figure", "value",
                           "baseline",  "ratio",   "target", "met"};
  std::vector<std::vector<std::string>> cells;
  for (const Row& r : rows_)
    cells.push_back({r.bench, r.backend, r.metric, r.value, r.baseline, r.ratio, r.target, Met(r)});
  std::vector<size_t> width;
  for (const char* h : headers) width.push_back(std::string(h).size());
  // Column widths in characters (× and ≤ are multi-byte: count code points).
  auto length = [](const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], length(row[i]));
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      bool right = i >= 3 && i <= 5;
      std::string pad(width[i] - length(row[i]), ' ');
      out << (right ? pad + row[i] : row[i] + pad) << (i + 1 < row.size() ? "  " : "\n");
    }
  };
  line(std::vector<std::string>(std::begin(headers), std::end(headers)));
  for (const auto& row : cells) line(row);
}

void Report::Markdown(std::ostream& out) const {
  out << "| benchmark | backend | figure | value | baseline | ratio | target | met |\n"
         "|---|---|---|--:|--:|--:|---|---|\n";
  for (const Row& r : rows_)
    out << "| " << r.bench << " | " << r.backend << " | " << r.metric << " | " << r.value << " | "
        << r.baseline << " | " << r.ratio << " | " << r.target << " | " << Met(r) << " |\n";
}

std::string Fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  size_t dot = s.find('.');
  size_t int_end = dot == std::string::npos ? s.size() : dot;
  size_t first = s[0] == '-' ? 1 : 0;
  for (size_t i = int_end; i > first + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

std::string Ratio(double value) {
  return std::isnan(value) ? "-" : Fixed(value, 2) + "×";
}

double Percentile(std::vector<double> sample, double p) {
  if (sample.empty()) return NAN;
  std::sort(sample.begin(), sample.end());
  double rank = p / 100.0 * static_cast<double>(sample.size() - 1);
  size_t lo = static_cast<size_t>(rank);
  size_t hi = std::min(lo + 1, sample.size() - 1);
  return sample[lo] + (sample[hi] - sample[lo]) * (rank - static_cast<double>(lo));
}

}  // namespace stroem::bench
