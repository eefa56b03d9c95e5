// The recovery invariants of the reliability issue, checked after a fault scenario:
//   - every job reached a terminal state (the scenario waits for that first);
//   - every completed step has its whole log, "line-1" … "line-N" each exactly once and
//     in order; no step's log has a line twice (a chunk applied twice);
//   - a completed job has every step completed; a failed one has no step still open;
//   - the database is consistent: no orphan rows, no open step in a finished job, no
//     running step without an attempt and lease, no started step whose dependency did
//     not complete, and (SQLite) integrity_check and foreign_key_check are clean.
// Each check returns the violations found, as messages naming the job and step.
#pragma once

#include <string>
#include <vector>

#include "fault_cluster.h"

namespace stroem::fault {

// Checks the jobs through the API and their stored logs; adds the steps seen to `steps`.
std::vector<std::string> CheckJobs(const FaultCluster& cluster, const std::vector<std::string>& ids,
                                   int& steps);

// Checks the database directly (SQLite file or PostgreSQL URL of the cluster).
std::vector<std::string> CheckDatabase(const FaultCluster& cluster);

// CheckJobs + CheckDatabase.
std::vector<std::string> CheckAll(const FaultCluster& cluster, const std::vector<std::string>& ids,
                                  int& steps);

}  // namespace stroem::fault
