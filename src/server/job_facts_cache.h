// JobFactsCache: what a claim reads of a job that never changes after its creation (input,
// task, workspace), kept for recent jobs, so that claiming a step whose templates read no
// other step's output needs no read of the job (a PostgreSQL round trip per claim).
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "storage/store.h"

namespace stroem::server {

class JobFactsCache {
 public:
  // Keeps at most `max_jobs`; jobs whose input is larger than `max_input_bytes` are not
  // kept (they are read again, as without the cache).
  explicit JobFactsCache(size_t max_jobs = 4096, size_t max_input_bytes = 64 * 1024)
      : max_jobs_(max_jobs), max_input_bytes_(max_input_bytes) {}

  // A Job with job_id, workspace, task_name and input_json set; nothing else is known.
  std::optional<storage::Job> Find(const std::string& job_id) const;
  void Remember(const std::string& job_id, const std::string& workspace,
                const std::string& task_name, const std::optional<std::string>& input_json);
  void Remember(const storage::Job& job) {
    Remember(job.job_id, job.workspace, job.task_name, job.input_json);
  }

 private:
  struct Facts {
    std::string workspace, task_name;
    std::optional<std::string> input_json;
  };
  const size_t max_jobs_, max_input_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Facts> facts_;  // guarded by mu_
  std::deque<std::string> order_;                 // guarded by mu_: oldest first, evicted first
};

}  // namespace stroem::server
