#!/usr/bin/env python3
"""Turns bench/run.sh's hyperfine exports and peak-RSS files into one table (stdlib only).

Prints the Markdown table, writes it (with the method and the machine) to --markdown and
every number, raw times included, to --json. Targets are checked here, never in tests.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess

MIB = 1024.0


def load(path):
    with open(path) as f:
        return {r["command"]: r["times"] for r in json.load(f)["results"]}


def merge_rounds(pattern):
    """Each round's file has every tool once: the times per tool, and the rounds themselves."""
    times = {}
    rounds = []
    for path in sorted(glob.glob(pattern)):
        one = load(path)
        rounds.append({tool: ts[0] for tool, ts in one.items() if ts})
        for tool, ts in one.items():
            times.setdefault(tool, []).extend(ts)
    return times, rounds


def paired_ratio(rounds, a, b):
    """Median over rounds of a/b measured in the same round: drift between rounds cancels."""
    rs = [r[a] / r[b] for r in rounds if a in r and b in r and r[b] > 0]
    return statistics.median(rs) if rs else None


def rss_kib(rss_dir, tool):
    values = []
    path = os.path.join(rss_dir, "upgrade-%s.txt" % tool)
    if os.path.exists(path):
        with open(path) as f:
            values = [int(line) for line in f if line.strip().isdigit()]
    return values


def summary(times_s):
    ms = [t * 1000.0 for t in times_s]
    return {
        "median_ms": statistics.median(ms),
        "stddev_ms": statistics.stdev(ms) if len(ms) > 1 else 0.0,
        "min_ms": min(ms),
        "max_ms": max(ms),
        "runs": len(ms),
        "times_ms": [round(x, 3) for x in ms],
    }


def fmt_time(s):
    if s is None:
        return "—"
    m = s["median_ms"]
    if m >= 1000:
        text = "%.2f s" % (m / 1000)
        spread = "±%.2f" % (s["stddev_ms"] / 1000)
    else:
        text = "%.1f ms" % m
        spread = "±%.1f" % s["stddev_ms"]
    return "%s %s (n=%d)" % (text, spread, s["runs"])


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r):
    return "—" if r is None else "%.2f×" % r


def tool_version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def sqlite_section(d, n):
    """bench/sqlite.sh's measures: migctl with the SQLite driver against the sqlite3 shell.
    Returns (Markdown lines, JSON), or ([], None) when that part did not run."""
    path = os.path.join(d, "sqlite-current.json")
    if not os.path.exists(path):
        return [], None
    measures = []
    cur = {tool: summary(ts) for tool, ts in load(path).items()}
    r = ratio(cur.get("migctl", {}).get("median_ms"), cur.get("sqlite3", {}).get("median_ms"))
    measures.append(("current (N=%d, up to date)" % n, cur, r, None))
    for direction in ("upgrade", "downgrade"):
        times, rounds = merge_rounds(os.path.join(d, "sqlite-%s-*.json" % direction))
        s = {tool: summary(ts) for tool, ts in times.items()}
        what = "full upgrade, empty → head" if direction == "upgrade" else "full downgrade, head → base"
        measures.append(("%s (N=%d)" % (what, n), s, paired_ratio(rounds, "migctl", "sqlite3"),
                         paired_ratio(rounds, "migctl", "sqlite3_audit")))
    lines = [
        "SQLite (`bench/sqlite.sh`): migctl with `sqlite.so` against the `sqlite3` shell running"
        " the same statements in the same transactions, and with migctl's audit row added; the"
        " database file on tmpfs:",
        "",
        "| measure | migctl | sqlite3 | sqlite3 + audit row | migctl / sqlite3 |"
        " migctl / (sqlite3 + audit row) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for measure, s, r1, r2 in measures:
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            measure, fmt_time(s.get("migctl")), fmt_time(s.get("sqlite3")),
            fmt_time(s.get("sqlite3_audit")), fmt_ratio(r1), fmt_ratio(r2)))
    data = [{"measure": m, "tools": s, "migctl_over_sqlite3": r1,
             "migctl_over_sqlite3_audit": r2} for m, s, r1, r2 in measures]
    return lines, data


def sqlfiles_section(d, n):
    """bench/sqlfiles.sh's measures: the revisions as dbmate SQL files, applied by migctl
    (--migrations-dir), dbmate and psql. Returns (Markdown lines, JSON), or ([], None)
    when that part did not run."""
    path = os.path.join(d, "sqlfiles-current.json")
    if not os.path.exists(path):
        return [], None
    tools_path = os.path.join(d, "sqlfiles-tools.json")
    tools = {}
    if os.path.exists(tools_path):
        with open(tools_path) as f:
            tools = json.load(f)
    cur = {tool: summary(ts) for tool, ts in load(path).items()}
    times, rounds = merge_rounds(os.path.join(d, "sqlfiles-upgrade-*.json"))
    up = {tool: summary(ts) for tool, ts in times.items()}
    load_path = os.path.join(d, "sqlfiles-load.json")
    loading = {tool: summary(ts) for tool, ts in load(load_path).items()} \
        if os.path.exists(load_path) else {}

    def med(s, tool):
        return s[tool]["median_ms"] if tool in s else None

    r_up = paired_ratio(rounds, "migctl", "psql_audit")
    r_up_dbmate = paired_ratio(rounds, "dbmate", "migctl")
    r_cur = ratio(med(cur, "dbmate_status"), med(cur, "migctl"))
    m_load = med(loading, "sql_upgrade")

    def verdict(ok):
        return "✅" if ok else "❌"

    rows = [
        ("full upgrade, empty → head (N=%d)" % n, up.get("migctl"), up.get("dbmate"),
         up.get("psql"), up.get("psql_audit"),
         "migctl / (psql + audit row) %s ≤ 1.05 %s; dbmate / migctl %s" % (
             fmt_ratio(r_up), verdict(r_up is not None and r_up <= 1.05), fmt_ratio(r_up_dbmate))),
        ("`current` vs `dbmate status` (N=%d, up to date)" % n, cur.get("migctl"),
         cur.get("dbmate_status"), cur.get("psql"), None,
         "dbmate status / migctl %s > 1 %s" % (
             fmt_ratio(r_cur), "—" if r_cur is None else verdict(r_cur > 1))),
        ("loading %d files: `heads` (read + graph)" % n, loading.get("heads"), None, None, None,
         "—"),
        ("loading %d files: `--sql upgrade base:head` (read + parse + checksum, no database)"
         % n, loading.get("sql_upgrade"), None, None, None,
         "< 50 ms %s" % ("—" if m_load is None else verdict(m_load < 50))),
        ("loading %d files: `check` at head (read + parse + checksum + compare)" % n,
         loading.get("check"), None, None, None, "—"),
    ]
    version = tools.get("dbmate")
    lines = [
        "SQL files (`bench/sqlfiles.sh`): the same revisions as a directory of dbmate files, run"
        " by migctl (`--migrations-dir`), by dbmate %s and by psql running the same statements in"
        " the same transactions (and with migctl's audit row):" % (
            "%s (`@dbmate/linux-x64` from npm)" % version if version else "(not measured)"),
        "",
    ]
    if tools.get("note"):
        lines += ["Note: %s." % tools["note"], ""]
    lines += [
        "| measure | migctl | dbmate | psql | psql + audit row | target |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for measure, m, db, ps, pa, target in rows:
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            measure, fmt_time(m), fmt_time(db), fmt_time(ps), fmt_time(pa), target))
    data = {
        "dbmate_version": version, "note": tools.get("note"),
        "current": cur, "upgrade": up, "load": loading,
        "migctl_over_psql_audit_upgrade": r_up, "dbmate_over_migctl_upgrade": r_up_dbmate,
        "dbmate_status_over_migctl_current": r_cur,
        "targets": [
            {"target": "upgrade: migctl / (psql + audit row) ≤ 1.05",
             "met": r_up is not None and r_up <= 1.05},
            {"target": "current faster than dbmate status",
             "met": None if r_cur is None else r_cur > 1},
            {"target": "loading (--sql upgrade base:head) < 50 ms",
             "met": None if m_load is None else m_load < 50},
        ],
    }
    return lines, data


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json-dir", required=True)
    p.add_argument("--rss-dir")
    p.add_argument("--revisions", type=int, required=True)
    p.add_argument("--rounds", type=int, required=True)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--graphs")
    p.add_argument("--migctl")
    p.add_argument("--psql")
    p.add_argument("--markdown")
    p.add_argument("--json")
    p.add_argument("--sqlite-only", action="store_true",
                   help="print only the SQLite table (bench/sqlite.sh on its own)")
    p.add_argument("--sqlfiles-only", action="store_true",
                   help="print only the SQL-file table (bench/sqlfiles.sh on its own)")
    a = p.parse_args()
    d = a.json_dir
    sqlite_lines, sqlite_data = sqlite_section(d, a.revisions)
    if a.sqlite_only:
        print("\n".join(sqlite_lines))
        return
    sqlfiles_lines, sqlfiles_data = sqlfiles_section(d, a.revisions)
    if a.sqlfiles_only:
        print("\n".join(sqlfiles_lines))
        return
    for required in ("rss_dir", "graphs", "migctl", "psql", "markdown", "json"):
        if getattr(a, required) is None:
            p.error("--%s is required" % required.replace("_", "-"))
    n = a.revisions
    graphs = [int(x) for x in a.graphs.split()]

    rows = []  # (measure, {tool: summary}, targets: [(text, ok or None)])

    def stats(times):
        return {tool: summary(ts) for tool, ts in times.items()}

    def med(s, tool):
        return s[tool]["median_ms"] if tool in s else None

    cur = stats(load(os.path.join(d, "current.json")))
    r_mp = ratio(med(cur, "migctl"), med(cur, "psql"))
    r_am = ratio(med(cur, "alembic"), med(cur, "migctl"))
    rows.append(("current (N=%d, up to date)" % n, cur, r_mp, r_am, [
        ("migctl/psql ≤ 1.5", r_mp is not None and r_mp <= 1.5),
        ("Alembic/migctl ≥ 10", r_am is not None and r_am >= 10)]))

    audit_rows = []  # (measure, psql_audit summary, migctl / psql_audit)
    for direction in ("upgrade", "downgrade"):
        times, rounds = merge_rounds(os.path.join(d, "%s-*.json" % direction))
        s = stats(times)
        r_mp = paired_ratio(rounds, "migctl", "psql")
        r_am = paired_ratio(rounds, "alembic", "migctl")
        what = "full upgrade, empty → head" if direction == "upgrade" else "full downgrade, head → base"
        r_ma = paired_ratio(rounds, "migctl", "psql_audit")
        audit_rows.append(("%s (N=%d)" % (what, n), s.get("psql_audit"), r_ma))
        rows.append(("%s (N=%d)" % (what, n), s, r_mp, r_am,
                     [("migctl/psql ≤ 1.10", r_mp is not None and r_mp <= 1.10)]))

    for size in graphs:
        for cmd in ("heads", "history"):
            s = {}
            for tool in ("migctl", "alembic"):
                path = os.path.join(d, "%s-%d-%s.json" % (cmd, size, tool))
                if os.path.exists(path):
                    s.update(stats(load(path)))
            m = med(s, "migctl")
            targets = []
            if size >= 10000:
                targets.append(("migctl < 50 ms", m is not None and m < 50))
            rows.append(("%s, branchy graph of %d" % (cmd, size), s, None,
                         ratio(med(s, "alembic"), m), targets))

    rss = {}
    for tool in ("migctl", "alembic", "psql"):
        values = rss_kib(a.rss_dir, tool)
        if values:
            rss[tool] = {"median_kib": statistics.median(values), "max_kib": max(values),
                         "runs": len(values), "values_kib": values}

    def fmt_rss(tool):
        if tool not in rss:
            return "—"
        return "%.1f MiB (max %.1f, n=%d)" % (rss[tool]["median_kib"] / MIB,
                                              rss[tool]["max_kib"] / MIB, rss[tool]["runs"])

    rss_m = rss.get("migctl", {}).get("max_kib")
    rss_ok = rss_m is not None and rss_m <= 15 * MIB

    lines = [
        "| measure | migctl | psql | Alembic | migctl / psql | Alembic / migctl | target |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for measure, s, r_mp, r_am, targets in rows:
        target_text = "; ".join("%s %s" % (t, "✅" if ok else "❌") for t, ok in targets) or "—"
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            measure, fmt_time(s.get("migctl")), fmt_time(s.get("psql")), fmt_time(s.get("alembic")),
            fmt_ratio(r_mp), fmt_ratio(r_am), target_text))
    r_rss_mp = ratio(rss.get("migctl", {}).get("median_kib"), rss.get("psql", {}).get("median_kib"))
    r_rss_am = ratio(rss.get("alembic", {}).get("median_kib"), rss.get("migctl", {}).get("median_kib"))
    lines.append("| peak RSS during the upgrade | %s | %s | %s | %s | %s | migctl ≤ 15 MiB %s |" % (
        fmt_rss("migctl"), fmt_rss("psql"), fmt_rss("alembic"), fmt_ratio(r_rss_mp),
        fmt_ratio(r_rss_am), "✅" if rss_ok else "❌"))
    lines += [
        "",
        "The same work plus migctl's audit row (psql running each revision's transaction with"
        " one more INSERT into migctl_history, as migctl does):",
        "",
        "| measure | psql + audit row | migctl / (psql + audit row) |",
        "| --- | --- | --- |",
    ]
    for measure, s, r in audit_rows:
        lines.append("| %s | %s | %s |" % (measure, fmt_time(s), fmt_ratio(r)))
    if sqlite_lines:
        lines += [""] + sqlite_lines
    if sqlfiles_lines:
        lines += [""] + sqlfiles_lines
    table = "\n".join(lines)
    print(table)

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "?"
    versions = {
        "migctl": tool_version([a.migctl, "--version"]),
        "psql": tool_version([a.psql, "--version"]),
        "alembic": tool_version(["alembic", "--version"]),
        "hyperfine": tool_version(["hyperfine", "--version"]),
        "sqlite3": tool_version(["/usr/bin/sqlite3", "--version"]),
    }
    if sqlfiles_data and sqlfiles_data["dbmate_version"]:
        versions["dbmate"] = sqlfiles_data["dbmate_version"]
    machine = "%s, %d cores, %s" % (cpu, os.cpu_count() or 0, platform.platform())
    md = [
        "# migctl benchmark: latest results",
        "",
        "Written by `bench/run.sh` on %s. Machine: %s." % (now, machine),
        "Tools: %s." % "; ".join("%s: %s" % kv for kv in versions.items()),
        "",
        "Times are medians ± standard deviation over n runs. Ratios: of the medians, except"
        " upgrade / downgrade, where they are the median over rounds of the ratio within a round."
        " current: hyperfine, %d runs after 3"
        " warm-ups. upgrade / downgrade: %d rounds after one warm-up round; each round runs every"
        " tool once on a freshly recreated database (downgrade: prepared at head by migctl for"
        " migctl, by the psql script for Alembic and psql). heads / history: no database; Alembic"
        " gets 3 runs on graphs of 5,000 revisions or more. Peak RSS: GNU time's maximum resident"
        " set size during each upgrade run." % (a.runs, a.rounds),
        "",
        table,
        "",
    ]
    with open(a.markdown, "w") as f:
        f.write("\n".join(md))
    with open(a.json, "w") as f:
        json.dump({
            "written": now, "machine": machine, "versions": versions,
            "parameters": {"revisions": n, "rounds": a.rounds, "runs": a.runs, "graphs": graphs},
            "measures": [{"measure": m, "tools": s, "migctl_over_psql": r1,
                          "alembic_over_migctl": r2,
                          "targets": [{"target": t, "met": ok} for t, ok in targets]}
                         for m, s, r1, r2, targets in rows],
            "with_audit_row": [{"measure": m, "psql_audit": a, "migctl_over_psql_audit": r}
                               for m, a, r in audit_rows],
            "sqlite": sqlite_data,
            "sqlfiles": sqlfiles_data,
            "peak_rss": rss,
            "peak_rss_target": {"target": "migctl ≤ 15 MiB", "met": rss_ok},
        }, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
