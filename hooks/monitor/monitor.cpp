// The monitor hook: size monitoring after a migration, done by migctl itself.
// Before and after a run it reads the database size and every table's total / heap /
// index size and row estimate, prints what changed and writes a JSON report; while each
// revision runs it watches, from its own connection, for lock waits and names who blocked
// the migration and for how long.
//
// Runs by default when ENVIRONMENT=production for upgrade, downgrade and stamp; with
// --hook monitor otherwise; PostgreSQL only (databases()). It never stops a run: its own
// failures during the run are reported as warnings; only a report it cannot write fails
// after_run.
//
// Settings (MIGCTL_HOOK_MONITOR_<KEY>):
//   REPORT_DIR          where JSON reports go (default ./monitor-reports; created 0700, files 0600)
//   MAX_GROWTH_PERCENT  warn when the database grows by more (default 20)
//   LOCK_WAIT_WARN_MS   warn when a revision waits longer for a lock (default 1000)
//   POLL_MS             lock polling interval (default 50)
//   PG_STATS            on: add pg_stats (n_distinct, correlation) of the tables the run
//                       touched to the report (default off)
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <migctl/plugin.hpp>
#include <sstream>

#include "hook_config.hpp"
#include "lock_watcher.hpp"
#include "pg_tools.hpp"
#include "snapshot.hpp"

namespace fs = std::filesystem;
using namespace migctl;
using namespace migctl::monitor;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr const char* kName = "monitor";

std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string signed_size(std::int64_t delta) {
  return (delta > 0 ? "+" : "") + pgtools::human_size(delta);
}

std::string ms_text(double ms) {
  char buf[32];
  if (ms >= 1000)
    std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
  else
    std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  return buf;
}

Poco::Dynamic::Var size_json(const std::optional<TableSize>& t) {
  if (!t) return Poco::Dynamic::Var();
  Object::Ptr o = new Object;
  o->set("total_bytes", t->total);
  o->set("heap_bytes", t->heap);
  o->set("index_bytes", t->index);
  if (t->rows)
    o->set("rows_estimate", *t->rows);
  else
    o->set("rows_estimate", Poco::Dynamic::Var());
  return o;
}

Array::Ptr strings_json(const std::vector<std::string>& items) {
  Array::Ptr a = new Array;
  for (const auto& s : items) a->add(s);
  return a;
}

struct RevisionRecord {
  std::string revision;
  double duration_ms = 0;
  LockReport locks;
};

class Monitor : public Hook {
 public:
  std::string name() const override { return kName; }
  // Sizes and lock waits come from PostgreSQL's catalog.
  std::vector<std::string> databases() const override { return {"postgresql"}; }

  bool enabled_by_default(const HookContext& context) const override {
    return hookcfg::production_write(context);
  }

  void on_event(HookContext& context) override {
    switch (context.event) {
      case HookEvent::before_run:
        before_run(context);
        break;
      case HookEvent::before_revision:
        before_revision(context);
        break;
      case HookEvent::after_revision:
        after_revision(context);
        break;
      case HookEvent::after_run:
        finish(context, true);
        break;
      case HookEvent::on_failure:
        finish(context, false);
        break;
    }
  }

 private:
  void before_run(HookContext& context) {
    watcher_.reset();
    watcher_conn_.reset();
    revisions_.clear();
    warnings_.clear();
    current_.reset();
    started_at_ = utc_now_iso();
    // Configuration errors surface here, before anything changes.
    max_growth_percent_ = hookcfg::get_int(context.config, kName, "max_growth_percent", 20);
    lock_wait_warn_ms_ = hookcfg::get_int(context.config, kName, "lock_wait_warn_ms", 1000);
    poll_ms_ = hookcfg::get_int(context.config, kName, "poll_ms", 50, 1);
    pg_stats_ = hookcfg::get_bool(context.config, kName, "pg_stats", false);
    report_dir_ = hookcfg::get(context.config, "report_dir", "monitor-reports");
    before_ = take_snapshot(*context.connection);
    ResultSet r = context.connection->query("SELECT pg_backend_pid()::text, current_database()");
    backend_pid_ = r.rows.at(0)[0].value_or("0");
    database_ = r.rows.at(0)[1].value_or("?");
  }

  void before_revision(HookContext& context) {
    current_ = RevisionRecord{context.revision, 0, {}};
    try {
      if (!watcher_) {
        watcher_conn_ = context.open_connection();
        watcher_ = std::make_unique<LockWatcher>(watcher_conn_, backend_pid_,
                                                 std::chrono::milliseconds(poll_ms_));
      }
      watcher_->start();
    } catch (const std::exception& e) {
      warn(context, "cannot watch locks during " + context.revision + ": " + e.what());
    }
  }

  void after_revision(HookContext& context) {
    if (!current_) return;
    current_->duration_ms = context.revision_ms;
    if (watcher_) current_->locks = watcher_->stop();
    report_locks(context, *current_);
    revisions_.push_back(*current_);
    current_.reset();
  }

  void report_locks(HookContext& context, const RevisionRecord& rec) {
    const LockReport& l = rec.locks;
    if (!l.error.empty())
      warn(context, "lock watching stopped during " + rec.revision + ": " + l.error);
    if (l.blockers.empty()) return;
    std::string who;
    for (const auto& b : l.blockers) {
      who += (who.empty() ? "" : "; ") + std::string("pid ") + b.pid + " (application '" +
             b.application + "', user " + b.user + ", " + b.state + ", transaction open " +
             ms_text(b.transaction_ms) + ", last query: " + b.query + ")";
    }
    std::string line = "revision " + rec.revision + " waited " + ms_text(l.wait_ms) + " for " +
                       (l.lock.empty() ? "a lock" : l.lock) + " held by " + who;
    if (l.wait_ms >= static_cast<double>(lock_wait_warn_ms_)) {
      warn(context, line);
    } else {
      context.report("monitor: " + line);
    }
  }

  void warn(HookContext& context, const std::string& text) {
    warnings_.push_back(text);
    context.report("warning: monitor: " + text);
  }

  void finish(HookContext& context, bool succeeded) {
    if (current_) {  // the failing revision
      current_->duration_ms = context.revision_ms;
      if (watcher_) current_->locks = watcher_->stop();
      report_locks(context, *current_);
      revisions_.push_back(*current_);
      current_.reset();
    }
    watcher_.reset();
    watcher_conn_.reset();

    std::optional<Snapshot> after;
    try {
      after = take_snapshot(*context.connection);
    } catch (const std::exception& e) {
      warn(context, std::string("cannot read sizes after the run: ") + e.what());
    }
    std::vector<TableChange> changes;
    if (after) {
      changes = compare(before_, *after);
      print_changes(context, *after, changes);
    }
    Array::Ptr stats;
    if (after && pg_stats_) stats = read_pg_stats(context, changes);
    write_report(context, succeeded, after, changes, stats);
  }

  void print_changes(HookContext& context, const Snapshot& after,
                     const std::vector<TableChange>& changes) {
    const std::int64_t delta = after.database_size - before_.database_size;
    const double percent =
        before_.database_size > 0 ? 100.0 * static_cast<double>(delta) / before_.database_size : 0;
    char pct[32];
    std::snprintf(pct, sizeof pct, "%+.1f%%", percent);
    context.report("monitor: database " + database_ + " " +
                   pgtools::human_size(before_.database_size) + " -> " +
                   pgtools::human_size(after.database_size) + " (" + signed_size(delta) + ", " +
                   pct + ")");
    if (percent > static_cast<double>(max_growth_percent_)) {
      warn(context, "database " + database_ + " grew by " + pct + ", more than " +
                        hookcfg::setting_name(kName, "max_growth_percent") + "=" +
                        std::to_string(max_growth_percent_));
    }
    bool header = false;
    for (const auto& c : changes) {
      if (c.change == Change::unchanged) continue;
      if (!header) {
        context.report(line("", "table", "total", "change", "heap", "index", "rows"));
        header = true;
      }
      const TableSize zero;
      const TableSize& b = c.before ? *c.before : zero;
      const TableSize& a = c.after ? *c.after : zero;
      const char* mark = c.change == Change::added ? "+" : c.change == Change::dropped ? "-" : "~";
      auto rows = [](const std::optional<TableSize>& t) {
        return t && t->rows ? std::to_string(*t->rows) : std::string("?");
      };
      context.report(line(mark, c.name, c.after ? pgtools::human_size(a.total) : "-",
                          signed_size(a.total - b.total),
                          c.after ? pgtools::human_size(a.heap) : "-",
                          c.after ? pgtools::human_size(a.index) : "-",
                          c.change == Change::dropped ? "-"
                          : rows(c.before) == rows(c.after) || !c.before
                              ? rows(c.after)
                              : rows(c.before) + " -> " + rows(c.after)));
    }
    if (!header) context.report("monitor: no table changed in size");
  }

  static std::string line(const std::string& mark, const std::string& table,
                          const std::string& total, const std::string& change,
                          const std::string& heap, const std::string& index,
                          const std::string& rows) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "monitor: %1s %-32s %10s %11s %10s %10s %s", mark.c_str(),
                  table.c_str(), total.c_str(), change.c_str(), heap.c_str(), index.c_str(),
                  rows.c_str());
    return buf;
  }

  // The table statistics the Alembic-era size report read, for the tables the run added or
  // changed.
  Array::Ptr read_pg_stats(HookContext& context, const std::vector<TableChange>& changes) {
    Array::Ptr out = new Array;
    for (const auto& c : changes) {
      if (c.change != Change::added && c.change != Change::changed) continue;
      auto dot = c.name.find('.');
      try {
        ResultSet r = context.connection->query(
            "SELECT attname::text, n_distinct::text, correlation::text FROM pg_stats"
            " WHERE schemaname = $1 AND tablename = $2 ORDER BY attname",
            {c.name.substr(0, dot), c.name.substr(dot + 1)});
        Object::Ptr t = new Object;
        t->set("table", c.name);
        Array::Ptr columns = new Array;
        for (const auto& row : r.rows) {
          Object::Ptr col = new Object;
          col->set("column", row[0].value_or(""));
          col->set("n_distinct",
                   row[1] ? Poco::Dynamic::Var(std::stod(*row[1])) : Poco::Dynamic::Var());
          col->set("correlation",
                   row[2] ? Poco::Dynamic::Var(std::stod(*row[2])) : Poco::Dynamic::Var());
          columns->add(col);
        }
        t->set("columns", columns);
        out->add(t);
        context.report("monitor: pg_stats " + c.name + ": " + std::to_string(r.rows.size()) +
                       " column" + (r.rows.size() == 1 ? "" : "s") + " with statistics" +
                       (r.rows.empty() ? " (not analyzed yet: run ANALYZE)" : ""));
      } catch (const std::exception& e) {
        warn(context, "cannot read pg_stats of " + c.name + ": " + e.what());
      }
    }
    return out;
  }

  void write_report(HookContext& context, bool succeeded, const std::optional<Snapshot>& after,
                    const std::vector<TableChange>& changes, const Array::Ptr& stats) {
    Object::Ptr root = new Object;
    root->set("hook", std::string(kName));
    root->set("status", std::string(succeeded ? "succeeded" : "failed"));
    if (!succeeded) root->set("error", context.error);
    root->set("command", context.command);
    root->set("direction", context.direction);
    root->set("environment", context.environment);
    root->set("database", context.redacted_url);
    root->set("database_name", database_);
    root->set("started_at", started_at_);
    root->set("finished_at", utc_now_iso());
    root->set("plan", strings_json(context.plan));
    root->set("heads_before", strings_json(context.heads_before));
    root->set("heads_after", strings_json(context.heads_after));
    Object::Ptr size = new Object;
    size->set("before_bytes", before_.database_size);
    if (after) {
      size->set("after_bytes", after->database_size);
      size->set("delta_bytes", after->database_size - before_.database_size);
    }
    root->set("database_size", size);
    Array::Ptr tables = new Array;
    for (const auto& c : changes) {
      Object::Ptr t = new Object;
      t->set("table", c.name);
      t->set("change", std::string(to_string(c.change)));
      t->set("before", size_json(c.before));
      t->set("after", size_json(c.after));
      tables->add(t);
    }
    root->set("tables", tables);
    Array::Ptr revisions = new Array;
    for (const auto& r : revisions_) {
      Object::Ptr o = new Object;
      o->set("revision", r.revision);
      o->set("duration_ms", r.duration_ms);
      o->set("lock_wait_ms", r.locks.wait_ms);
      if (!r.locks.lock.empty()) o->set("lock", r.locks.lock);
      Array::Ptr blockers = new Array;
      for (const auto& b : r.locks.blockers) {
        Object::Ptr bo = new Object;
        bo->set("pid", std::stoll(b.pid));
        bo->set("application", b.application);
        bo->set("user", b.user);
        bo->set("state", b.state);
        bo->set("query", b.query);
        bo->set("transaction_ms", b.transaction_ms);
        bo->set("blocked_ms", b.blocked_ms);
        blockers->add(bo);
      }
      o->set("blockers", blockers);
      revisions->add(o);
    }
    root->set("revisions", revisions);
    if (stats) root->set("pg_stats", stats);
    root->set("warnings", strings_json(warnings_));

    pgtools::ensure_private_dir(report_dir_, hookcfg::setting_name(kName, "report_dir"));
    std::string base =
        pgtools::backup_file_name(database_, std::chrono::system_clock::now(), {context.command});
    base = base.substr(0, base.size() - 5) + "-" + std::to_string(::getpid()) + ".json";
    fs::path file = fs::path(report_dir_) / base;
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      throw Error(
          ExitCode::hook_failed,
          "cannot write the report " + file.string() + ": " + std::strerror(errno),
          "make the directory writable or set " + hookcfg::setting_name(kName, "report_dir"));
    }
    ::close(fd);
    std::ofstream out(file);
    root->stringify(out, 2);
    out << "\n";
    if (!out) {
      throw Error(ExitCode::hook_failed, "cannot write the report " + file.string(),
                  "check the free space in " + report_dir_);
    }
    context.report("monitor: report " + file.string());
  }

  Snapshot before_;
  std::string database_;
  std::string backend_pid_;
  std::string started_at_;
  std::string report_dir_;
  long long max_growth_percent_ = 20;
  long long lock_wait_warn_ms_ = 1000;
  long long poll_ms_ = 50;
  bool pg_stats_ = false;
  std::shared_ptr<Connection> watcher_conn_;
  std::unique_ptr<LockWatcher> watcher_;
  std::optional<RevisionRecord> current_;
  std::vector<RevisionRecord> revisions_;
  std::vector<std::string> warnings_;
};

void entry(Registrar& registrar) {
  registrar.add_hook(std::make_unique<Monitor>());
}

}  // namespace

MIGCTL_PLUGIN(entry)
