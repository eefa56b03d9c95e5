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
  // Keeps the newest jobs, at most `max_jobs` and `max_bytes` of their facts together;
  // a job whose facts alone exceed a sixteenth of that is not kept (it is read again, as
  // without the cache).
  explicit JobFactsCache(size_t max_jobs = 4096, size_t max_bytes = 4 << 20)
      : max_jobs_(max_jobs), max_bytes_(max_bytes) {}

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
    size_t Bytes(const std::string& job_id) const {
      return job_id.size() + workspace.size() + task_name.size() +
             (input_json ? input_json->size() : 0);
    }
  };
  const size_t max_jobs_, max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Facts> facts_;  // guarded by mu_
  std::deque<std::string> order_;                 // guarded by mu_: oldest first, evicted first
  size_t bytes_ = 0;                              // guarded by mu_: Bytes() of all kept
};

}  // namespace stroem::server
