#include "server/metrics.h"

#include <cstdio>

namespace stroem::server {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string Header(const std::string& name, const std::string& help, const char* type) {
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

std::string Counter(const std::string& name, const std::string& help, uint64_t value) {
  return Header(name, help, "counter") + name + " " + std::to_string(value) + "\n";
}

}  // namespace

void Histogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i]++;
  count_++;
  sum_micros_ += static_cast<uint64_t>(seconds * 1e6);
}

std::string Histogram::Render(const std::string& name, const std::string& help) const {
  std::string out = Header(name, help, "histogram");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load();
    out += name + "_bucket{le=\"" + Number(kBounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += buckets_[kBounds.size()].load();
  out += name + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  out += name + "_sum " + Number(sum_micros_.load() / 1e6) + "\n";
  out += name + "_count " + std::to_string(count_.load()) + "\n";
  return out;
}

void Metrics::CountRequest(const std::string& route, int status) {
  std::lock_guard lock(mu_);
  requests_[{route, status}]++;
}

void Metrics::CountJobFinished(const std::string& status) {
  std::lock_guard lock(mu_);
  jobs_finished_[status]++;
}

std::string Metrics::Render(const std::map<std::string, int64_t>& jobs_by_status) const {
  std::string out = Header("stroem_jobs", "Jobs by status", "gauge");
  for (const auto& [status, count] : jobs_by_status)
    out += "stroem_jobs{status=\"" + status + "\"} " + std::to_string(count) + "\n";
  out += Counter("stroem_jobs_created_total", "Jobs created", jobs_created.load());
  out += Counter("stroem_steps_started_total", "Steps claimed by workers", steps_started.load());
  out += Counter("stroem_steps_finished_total", "Step results recorded", steps_finished.load());
  out += Counter("stroem_log_bytes_total", "Bytes of job logs stored", log_bytes.load());
  out += claim_wait.Render("stroem_claim_wait_seconds", "Time a claim request waited for a step");
  out += step_duration.Render("stroem_step_duration_seconds", "Time from claim to result");
  std::lock_guard lock(mu_);
  out += Header("stroem_jobs_finished_total", "Jobs that reached a terminal status", "counter");
  for (const auto& [status, count] : jobs_finished_)
    out += "stroem_jobs_finished_total{status=\"" + status + "\"} " + std::to_string(count) + "\n";
  out += Header("stroem_http_requests_total", "HTTP requests by route and status", "counter");
  for (const auto& [key, count] : requests_)
    out += "stroem_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  return out;
}

}  // namespace stroem::server
