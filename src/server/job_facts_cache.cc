#include "server/job_facts_cache.h"

namespace stroem::server {

std::optional<storage::Job> JobFactsCache::Find(const std::string& job_id) const {
  std::lock_guard lock(mu_);
  auto it = facts_.find(job_id);
  if (it == facts_.end()) return std::nullopt;
  storage::Job job;
  job.job_id = job_id;
  job.workspace = it->second.workspace;
  job.task_name = it->second.task_name;
  job.input_json = it->second.input_json;
  return job;
}

void JobFactsCache::Remember(const std::string& job_id, const std::string& workspace,
                             const std::string& task_name,
                             const std::optional<std::string>& input_json) {
  Facts facts{workspace, task_name, input_json};
  const size_t bytes = facts.Bytes(job_id);
  if (max_jobs_ == 0 || bytes > max_bytes_ / 16) return;
  std::lock_guard lock(mu_);
  if (!facts_.emplace(job_id, std::move(facts)).second) return;
  order_.push_back(job_id);
  bytes_ += bytes;
  while (order_.size() > max_jobs_ || bytes_ > max_bytes_) {
    auto oldest = facts_.find(order_.front());
    bytes_ -= oldest->second.Bytes(oldest->first);
    facts_.erase(oldest);
    order_.pop_front();
  }
}

}  // namespace stroem::server
