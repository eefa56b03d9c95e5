#include "invariants.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <fstream>
#include <map>

namespace stroem::fault {
namespace {

namespace json = boost::json;

// Each query counts rows that must not exist.
const std::vector<std::pair<const char*, const char*>> kZeroQueries = {
    {"steps without a job",
     "SELECT count(*) FROM job_step s WHERE NOT EXISTS "
     "(SELECT 1 FROM job j WHERE j.job_id = s.job_id)"},
    {"dependencies without their step",
     "SELECT count(*) FROM job_step_dependency d WHERE NOT EXISTS (SELECT 1 FROM job_step s "
     "WHERE s.job_id = d.job_id AND s.step_name = d.step_name) OR NOT EXISTS (SELECT 1 FROM "
     "job_step u WHERE u.job_id = d.job_id AND u.step_name = d.depends_on)"},
    {"open steps in finished jobs",
     "SELECT count(*) FROM job j JOIN job_step s ON s.job_id = j.job_id WHERE j.status IN "
     "('completed', 'failed', 'cancelled') AND s.status IN ('pending', 'ready', 'running')"},
    {"completed jobs with a step not completed",
     "SELECT count(*) FROM job j JOIN job_step s ON s.job_id = j.job_id "
     "WHERE j.status = 'completed' AND s.status <> 'completed'"},
    {"running steps without attempt or lease",
     "SELECT count(*) FROM job_step WHERE status = 'running' "
     "AND (attempt_id IS NULL OR lease_expires_at IS NULL)"},
    {"started steps whose dependency did not complete",
     "SELECT count(*) FROM job_step s JOIN job_step_dependency d ON d.job_id = s.job_id AND "
     "d.step_name = s.step_name JOIN job_step u ON u.job_id = d.job_id AND u.step_name = "
     "d.depends_on WHERE s.status IN ('running', 'completed') AND u.status <> 'completed'"},
    {"completed steps without an attempt",
     "SELECT count(*) FROM job_step WHERE status = 'completed' AND attempt_id IS NULL"}};

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

// step -> its stored lines, in file order.
std::map<std::string, std::vector<std::string>> StoredLines(const std::string& path) {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    json::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object()) {
      out["<damaged>"].push_back(line);
      continue;
    }
    out[Str(v.get_object(), "step")].push_back(Str(v.get_object(), "line"));
  }
  return out;
}

void CheckLog(const std::string& job, const std::string& step, bool completed,
              const std::vector<std::string>& lines, std::vector<std::string>& bad) {
  int expected = kStepLines.count(step) ? kStepLines.at(step) : 0;
  std::map<std::string, int> seen;
  for (const std::string& l : lines)
    if (++seen[l] == 2) bad.push_back(job + "/" + step + ": log line '" + l + "' stored twice");
  if (!completed) return;
  bool whole = static_cast<int>(lines.size()) == expected;
  for (int i = 0; whole && i < expected; ++i)
    whole = lines[static_cast<size_t>(i)] == "line-" + std::to_string(i + 1);
  if (!whole)
    bad.push_back(job + "/" + step + ": completed with " + std::to_string(lines.size()) +
                  " log lines, not line-1..line-" + std::to_string(expected) + " in order");
}

void CheckJob(const FaultCluster& cluster, const std::string& id, const json::object& job,
              std::vector<std::string>& bad, int& steps) {
  auto logs = StoredLines(cluster.LogPath(id));
  if (logs.count("<damaged>")) bad.push_back(id + ": damaged log records");
  std::string status = Str(job, "status");
  const json::value* list = job.if_contains("steps");
  if (!list || !list->is_array()) return bad.push_back(id + ": no steps in the job document");
  for (const json::value& v : list->get_array()) {
    const json::object& s = v.as_object();
    std::string name = Str(s, "step_name"), st = Str(s, "status");
    ++steps;
    if (status == "completed" && st != "completed")
      bad.push_back(id + "/" + name + ": " + st + " in a completed job");
    if (st == "pending" || st == "ready" || st == "running")
      bad.push_back(id + "/" + name + ": still " + st + " in a " + status + " job");
    CheckLog(id, name, st == "completed", logs[name], bad);
  }
}

std::vector<std::string> CheckSqlite(const std::string& path) {
  std::vector<std::string> bad;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return {"cannot open " + path};
  }
  sqlite3_busy_timeout(db, 10000);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    std::string out = "<error: " + std::string(sqlite3_errmsg(db)) + ">";
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
      int rc = sqlite3_step(st);
      out = rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                             : (rc == SQLITE_DONE ? "" : "<error>");
    }
    sqlite3_finalize(st);
    return out;
  };
  for (const auto& [what, sql] : kZeroQueries)
    if (std::string n = scalar(sql); n != "0") bad.push_back(std::string(what) + ": " + n);
  if (std::string ok = scalar("PRAGMA integrity_check"); ok != "ok")
    bad.push_back("integrity_check: " + ok);
  if (std::string fk = scalar("PRAGMA foreign_key_check"); !fk.empty())
    bad.push_back("foreign_key_check: " + fk);
  sqlite3_close(db);
  return bad;
}

std::vector<std::string> CheckPostgres(const std::string& url) {
  std::vector<std::string> bad;
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    bad.push_back("cannot connect to " + url + ": " + PQerrorMessage(conn));
    PQfinish(conn);
    return bad;
  }
  for (const auto& [what, sql] : kZeroQueries) {
    PGresult* r = PQexec(conn, sql);
    std::string n = PQresultStatus(r) == PGRES_TUPLES_OK
                        ? PQgetvalue(r, 0, 0)
                        : "<" + std::string(PQerrorMessage(conn)) + ">";
    if (n != "0") bad.push_back(std::string(what) + ": " + n);
    PQclear(r);
  }
  PQfinish(conn);
  return bad;
}

}  // namespace

std::vector<std::string> CheckJobs(const FaultCluster& cluster, const std::vector<std::string>& ids,
                                   int& steps) {
  std::vector<std::string> bad;
  for (const std::string& id : ids) {
    auto job = cluster.Job(id);
    if (!job) {
      bad.push_back(id + ": not served by the API");
      continue;
    }
    CheckJob(cluster, id, *job, bad, steps);
  }
  return bad;
}

std::vector<std::string> CheckDatabase(const FaultCluster& cluster) {
  return cluster.db_url().empty() ? CheckSqlite(cluster.SqlitePath())
                                  : CheckPostgres(cluster.db_url());
}

std::vector<std::string> CheckAll(const FaultCluster& cluster, const std::vector<std::string>& ids,
                                  int& steps) {
  std::vector<std::string> bad = CheckJobs(cluster, ids, steps);
  for (std::string& b : CheckDatabase(cluster)) bad.push_back(std::move(b));
  return bad;
}

}  // namespace stroem::fault
