#!/usr/bin/python3
"""Differential test: migctl against Alembic itself (Debian's python3-alembic is the oracle).

    differential.py --answer <alembic_diff_answer> --plugin <graph_file.so> --migctl <migctl>
                    [--work DIR] [--seed N]

For each generated graph (linear; branchy with merges of 2 and 3 parents; several bases with
labels, depends_on across branches and a revision with two depends_on; a random graph of 520
revisions) it writes an Alembic project (versions/*.py, exactly what Alembic's revision
template writes) and, in the order Alembic lists those files (os.listdir, unsorted), a graph
file that migctl's graph_file plugin reads: both tools see the same graph in the same order.
Then it asks both the same questions and compares:
- heads, history, branches, current, show, history ranges: Alembic's commands' own text;
- the plans of upgrades and downgrades for targets of every kind from several current
  states (half of them with two or three rows): Alembic's planning functions, the ones its
  commands call, against migctl's planner;
- `upgrade A:B --sql` and `downgrade A:B --sql`: Alembic's offline mode (env.py, the script
  it prints) against the migctl binary's script, and the whole graph up and down.
migctl answers through alembic_diff_answer (the command functions and printers, many
questions per process) and, for whole-graph questions and --sql, through the migctl binary.

Where Alembic itself is not deterministic, answers are compared up to that freedom and
counted apart ("unordered"): the order of two or more branch labels of one revision, of
`branches` children and `Branches into:`, and of `current` lines (Python's hashing), and the
order of two or more depends_on of one revision (a set in Alembic: where the answers differ,
Alembic is asked again with them in declared order, migctl's order). Where Alembic warns and
goes on (downgrade -N with several current rows: it counts from whichever row the database
returns first), migctl refuses, and the test checks that the refusal names, for the first
row, a command whose plan is exactly Alembic's. Where Alembic's offline run fails midway
(a KeyError in its version-row bookkeeping on some upgrades through depends_on), its
planner's plan for that run is compared, checked to start with the steps the run printed,
and counted apart.

Exit status 0 when every answer matches; otherwise each mismatch is printed with the graph,
the question and both answers, and the status is 1.
"""

import argparse
import contextlib
import hashlib
import io
import logging
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

sys.path.insert(0, "/usr/lib/python3/dist-packages")
from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402
from alembic.script.revision import RevisionError  # noqa: E402
from alembic.util import CommandError  # noqa: E402

logging.disable(logging.CRITICAL)

ENV_PY = """\
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
"""

SCRIPT = '''\
"""{message}

Revision ID: {id}
Revises: {revises}
Create Date: {date}

"""
revision = {id!r}
down_revision = {down}
branch_labels = {labels}
depends_on = {deps}


def upgrade():
    pass


def downgrade():
    pass
'''


class Graph:
    def __init__(self, name):
        self.name = name
        self.revs = []  # dicts: id, down, deps, labels, message, date

    def add(self, rng, down=(), deps=(), labels=()):
        i = len(self.revs)
        rid = hashlib.sha1(("%s-%d-%d" % (self.name, i, rng.random() * 1e9)).encode()).hexdigest()[:12]
        self.revs.append(dict(id=rid, down=list(down), deps=list(deps), labels=list(labels),
                              message="%s revision %d" % (self.name, i),
                              date="2026-01-%02d 10:%02d:00.000000" % (1 + i % 28, i % 60)))
        return rid


def build_linear(rng):
    g = Graph("linear")
    prev = g.add(rng, labels=["core"])
    for _ in range(59):
        prev = g.add(rng, down=[prev])
    return g


def build_branchy(rng):
    """One base; branch points into 2 or 3 lines that merge again (merges of 2 and 3
    parents); two branches left open (several heads); a label on a branch."""
    g = Graph("branchy")
    tip = g.add(rng)
    for block in range(14):
        width = 2 + block % 2
        lines = []
        for w in range(width):
            labels = ["feature%d" % block] if block in (3, 9) and w == 1 else []
            at = g.add(rng, down=[tip], labels=labels)
            for _ in range(rng.randint(0, 3)):
                at = g.add(rng, down=[at])
            lines.append(at)
        if block in (5, 11):  # leave one line open: another head
            lines = lines[1:]
        tip = g.add(rng, down=lines) if len(lines) > 1 else lines[0]
    g.add(rng, down=[tip])
    return g


def build_modules(rng):
    """Three bases (modules), each labelled; branches inside modules; depends_on across
    modules (so some revisions are effective heads)."""
    g = Graph("modules")
    tips = {}
    all_ids = {}
    for name in ("accounts", "billing", "search"):
        tips[name] = [g.add(rng, labels=[name])]
        all_ids[name] = list(tips[name])
    for step in range(90):
        name = ("accounts", "billing", "search")[step % 3]
        open_tips = tips[name]
        if len(open_tips) > 1 and rng.random() < 0.35:
            parents = open_tips[: rng.choice([2, 3]) if len(open_tips) > 2 else 2]
            new = g.add(rng, down=parents)
            tips[name] = [t for t in open_tips if t not in parents] + [new]
        else:
            parent = rng.choice(open_tips)
            deps = []
            other = rng.choice([n for n in tips if n != name])
            if rng.random() < 0.3:
                deps = [rng.choice(all_ids[other])]
            new = g.add(rng, down=[parent], deps=deps)
            if rng.random() < 0.2:  # branch: keep the parent open too
                tips[name].append(new)
            else:
                tips[name] = [t for t in open_tips if t != parent] + [new]
        all_ids[name].append(new)
    # A module head that another module depends on: an effective head.
    g.add(rng, down=[tips["search"][0]], deps=[tips["billing"][-1]])
    # Two depends_on on one revision: Alembic takes them in Python's set order.
    g.add(rng, down=[tips["accounts"][-1]], deps=[all_ids["search"][-2], all_ids["billing"][-2]])
    return g


def build_random(rng, size=520):
    """Four bases, labels on bases and on branch starts (never one below another),
    branch points, merges of 2 and 3 parents, depends_on across branches."""
    g = Graph("random")
    open_tips = []
    labelled_below = set()  # revisions at or below a labelled one
    for b in range(4):
        rid = g.add(rng, labels=["mod%d" % b] if b < 3 else [])
        open_tips.append(rid)
    parents_of = {r["id"]: r["down"] for r in g.revs}
    while len(g.revs) < size:
        roll = rng.random()
        if roll < 0.12 and len(open_tips) >= 2:
            k = 3 if (roll < 0.04 and len(open_tips) >= 3) else 2
            parents = rng.sample(open_tips, k)
            new = g.add(rng, down=parents)
            open_tips = [t for t in open_tips if t not in parents] + [new]
        else:
            parent = rng.choice(open_tips)
            deps = []
            if rng.random() < 0.08 and len(g.revs) > 10:
                deps = [rng.choice(g.revs[: len(g.revs) - 5])["id"]]
            new = g.add(rng, down=[parent], deps=deps)
            if rng.random() < 0.1 and len(open_tips) < 12:
                open_tips.append(new)  # the parent stays open: a branch point later
            else:
                open_tips = [t for t in open_tips if t != parent] + [new]
        parents_of[new] = g.revs[-1]["down"]
    # Labels in the middle, on revisions with no labelled revision below them.
    by_id = {r["id"]: r for r in g.revs}

    def below(rid):
        seen, todo = set(), [rid]
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(by_id[x]["down"])
        return seen

    labelled = [r["id"] for r in g.revs if r["labels"]]
    for n, r in enumerate(rng.sample(g.revs[20:], 40)):
        if len(labelled) >= 8:
            break
        if any(l in below(r["id"]) for l in labelled) or any(r["id"] in below(l) for l in labelled):
            continue
        r["labels"] = ["topic%d" % n]
        labelled.append(r["id"])
    # Labelled revisions must not descend from each other (see the module docstring).
    return g


def write_project(g, root):
    versions = os.path.join(root, "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s\nsqlalchemy.url = sqlite:///%(here)s/db.sqlite\n")
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)

    def literal(items):
        if not items:
            return "None"
        return repr(items[0]) if len(items) == 1 else repr(tuple(items))

    for r in g.revs:
        with open(os.path.join(versions, "%s_%s.py" % (r["id"], r["message"].replace(" ", "_"))), "w") as f:
            f.write(SCRIPT.format(message=r["message"], id=r["id"], revises=", ".join(r["down"]),
                                  date=r["date"], down=literal(r["down"]), deps=literal(r["deps"]),
                                  labels="None" if not r["labels"] else repr(tuple(r["labels"]))))
    # The order Alembic will list them in: its own call, on the same directory.
    by_file = {"%s_%s.py" % (r["id"], r["message"].replace(" ", "_")): r for r in g.revs}
    listed = [by_file[name] for name in os.listdir(versions) if name in by_file]
    graph_file = os.path.join(root, "graph.tsv")
    with open(graph_file, "w") as f:
        for name, r in zip([n for n in os.listdir(versions) if n in by_file], listed):
            f.write("\t".join([r["id"], ",".join(r["down"]), ",".join(r["deps"]), ",".join(r["labels"]),
                               r["message"], os.path.join(os.path.abspath(versions), name), r["date"]]) + "\n")
    return graph_file


class Oracle:
    """Alembic's answers, from Alembic's own functions."""

    def __init__(self, root):
        self.root = root
        self.cfg = Config(os.path.join(root, "alembic.ini"))
        self.script = ScriptDirectory.from_config(self.cfg)
        self.scripts = list(self.script.walk_revisions())
        self.stamped = None

    def _text(self, fn):
        # Alembic's commands as they are, on this script directory loaded once (each command
        # would otherwise import every version file again).
        for sc in self.scripts:
            sc._db_current_indicator = None  # history -i leaves it set on the script
        original = ScriptDirectory.from_config
        ScriptDirectory.from_config = classmethod(lambda cls, cfg: self.script)
        out = io.StringIO()
        self.cfg.stdout = out
        try:
            return self._run(fn, out)
        finally:
            ScriptDirectory.from_config = original

    def _run(self, fn, out):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - any Alembic failure is a refusal
            return "ERROR %s" % type(e).__name__
        return out.getvalue()

    def _stamp(self, rows):
        if self.stamped != tuple(rows):
            self._text(lambda: command.stamp(self.cfg, "base", purge=True))
            if rows:
                self._text(lambda: command.stamp(self.cfg, list(rows)))
            self.stamped = tuple(rows)

    def ask(self, kind, arg, rows):
        if kind in ("heads", "headsv"):
            return self._text(lambda: command.heads(self.cfg, verbose=kind == "headsv"))
        if kind in ("branches", "branchesv"):
            return self._text(lambda: command.branches(self.cfg, verbose=kind == "branchesv"))
        if kind == "historyv":
            return self._text(lambda: command.history(self.cfg, arg or None, verbose=True))
        if kind == "show":
            if arg == "current":
                self._stamp(rows)
            return self._text(lambda: command.show(self.cfg, arg))
        if kind in ("history", "historyi", "current"):
            if kind == "historyi" or "current" in arg or kind == "current":
                self._stamp(rows)
            if kind == "current":
                return self._text(lambda: command.current(self.cfg))
            return self._text(lambda: command.history(self.cfg, arg or None, indicate_current=kind == "historyi"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if kind == "upgrade":
                    steps = self.script._upgrade_revs(arg, tuple(rows))
                else:
                    steps = self.script._downgrade_revs(arg, tuple(rows))
                text = "".join(s.short_log + "\n" for s in steps)
            except Exception as e:  # noqa: BLE001
                return "ERROR %s" % type(e).__name__
        if caught:
            return "WARN " + text
        return text


    def offline(self, direction, revision_range):
        """The revisions `alembic upgrade|downgrade FROM:TO --sql` runs, in its order: Alembic's
        offline mode, through env.py, read from the `-- Running ...` comments of its script.
        Returns (answer, failed): Alembic 1.8.1's run itself can fail midway (a KeyError in its
        version-row bookkeeping, on some upgrades through depends_on and merges; an online run
        fails the same way). Then the answer is the plan its planner made for that run, checked
        to begin with the steps the failed run printed."""
        out = io.StringIO()
        self.cfg.output_buffer = out
        failure = None
        try:
            for sc in self.scripts:
                sc._db_current_indicator = None
            original = ScriptDirectory.from_config
            ScriptDirectory.from_config = classmethod(lambda cls, cfg: self.script)
            self.cfg.stdout = io.StringIO()
            getattr(command, direction)(self.cfg, revision_range, sql=True)
        except (CommandError, RevisionError) as e:
            return "ERROR %s" % type(e).__name__, False
        except Exception as e:  # noqa: BLE001 - Alembic's own run failed, not a refusal
            failure = e
        finally:
            ScriptDirectory.from_config = original
            self.cfg.output_buffer = None
        steps = re.findall(r"^-- Running %s (.*)$" % direction, out.getvalue(), re.M)
        # "upgrade parents -> rev" / "downgrade rev -> parents"
        ran = "".join((s.split(" -> ")[1] if direction == "upgrade" else s.split(" -> ")[0]) + "\n"
                      for s in steps)
        if failure is None:
            return ran, False
        lower, upper = revision_range.split(":", 1)
        try:
            start = () if lower == "base" else (self.script.get_revision(lower).revision,)
            planned = (self.script._upgrade_revs(upper, start) if direction == "upgrade"
                       else self.script._downgrade_revs(upper, start))
        except Exception as e:  # noqa: BLE001 - the planner fails too: Alembic refuses the range
            return "ERROR %s" % type(e).__name__, False
        plan = "".join(s.revision.revision + "\n" for s in planned)
        if not plan.startswith(ran):
            return "ERROR the failed run (%r) did not follow the plan" % failure, True
        return plan, True

    def several_depends_on(self):
        return [r for r in self.script.revision_map._revision_map.values()
                if r is not None and len(r._normalized_resolved_dependencies) > 1]

    def declared_order(self, ask):
        """`ask()` with every revision's two or more depends_on in declared order, where Alembic
        takes them in Python's set order; None when no revision has two."""
        revs = self.several_depends_on()
        if not revs:
            return None
        saved = [r._normalized_resolved_dependencies for r in revs]
        try:
            for r in revs:
                r._normalized_resolved_dependencies = tuple(
                    d for d in r._resolved_dependencies if d in r._normalized_resolved_dependencies)
            return ask()
        finally:
            for r, deps in zip(revs, saved):
                r._normalized_resolved_dependencies = deps


def unescape(line):
    out, i = [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            out.append("\n" if line[i + 1] == "n" else line[i + 1])
            i += 2
        else:
            out.append(line[i])
            i += 1
    return "".join(out)


def normalize_labels(text, labels):
    """Alembic prints a revision's labels (`(a, b)`, `Branch names:`) and a branch point's
    children (`Branches into:`) in Python's set order: sort within each group. Only groups of
    known branch labels are sorted, so a list of parents or dependencies keeps its order."""
    def sort_group(m):
        items = m.group(1).split(", ")
        if not all(item in labels for item in items):
            return m.group(0)
        return "(" + ", ".join(sorted(items)) + ")"
    text = re.sub(r"^(Branch names: |Branches into: )(.*)$",
                  lambda m: m.group(1) + ", ".join(sorted(m.group(2).split(", "))), text, flags=re.M)
    return re.sub(r"\(([^()]+(?:, [^()]+)+)\)", sort_group, text)


def children_unordered(text):
    """`branches`: the branch points in Alembic's order, each one's `-> child` lines sorted
    (Alembic lists them in Python's set order)."""
    blocks = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        head = [l for l in lines if not l.lstrip().startswith("->")]
        blocks.append("\n".join(head + sorted(l for l in lines if l.lstrip().startswith("->"))))
    return "\n\n".join(blocks)


def state_rows(g, rng, count):
    """Current states: ancestor-closed sets, as their branch tips (Alembic's rows). Every other
    state is drawn until it has two or three rows where the graph allows it (walks from
    several rows are where Alembic refuses or warns)."""
    by_id = {r["id"]: r for r in g.revs}

    def rows_of(picks):
        applied, todo = set(), list(picks)
        while todo:
            x = todo.pop()
            if x not in applied:
                applied.add(x)
                todo.extend(by_id[x]["down"] + by_id[x]["deps"])
        # The rows migctl and Alembic keep: applied revisions nothing applied requires.
        required = {d for x in applied for d in by_id[x]["down"] + by_id[x]["deps"]}
        return tuple(x["id"] for x in g.revs if x["id"] in applied and x["id"] not in required)

    states = [()]
    for n in range(count):
        rows = ()
        for _ in range(1 if n % 2 == 0 else 30):
            rows = rows_of([p["id"] for p in rng.sample(g.revs, 1 if n % 2 == 0 else rng.randint(2, 3))])
            if n % 2 == 0 or len(rows) > 1:
                break
        states.append(rows)
    return states


def queries(g, rng):
    ids = [r["id"] for r in g.revs]
    labels = [l for r in g.revs for l in r["labels"]]
    # Fewer states on the big graph: Alembic plans there take a while.
    states = state_rows(g, rng, 14 if len(g.revs) < 200 else 7)
    q = [("heads", "", ()), ("branches", "", ()), ("history", "", ())]
    for rid in rng.sample(ids, 6):
        q.append(("show", rid, ()))
    for rows in states:
        q.append(("current", "", rows))
        q.append(("historyi", "", rows))

    def pick(n):
        return rng.sample(ids, min(n, len(ids)))

    # Ranges.
    for a, b in zip(pick(25), pick(25)):
        lo, hi = sorted([a, b], key=ids.index)
        q.append(("history", "%s:%s" % (lo, hi), ()))
    for rid in pick(8):
        q.append(("history", "%s:" % rid, ()))
        q.append(("history", ":%s" % rid, ()))
        q.append(("history", "%s:" % rid[:6], ()))
    for n in (1, 2, 3, 5, 40):
        q.append(("history", "-%d:" % n, ()))
    for lab in labels:
        q.append(("history", ":%s@head" % lab, ()))
        q.append(("history", "%s@-1:" % lab, ()))
        q.append(("history", "%s:%s@heads" % (lab, lab), ()))
    for rows in states[1:8]:
        q.append(("history", "current:", rows))
        q.append(("history", ":current", rows))
        q.append(("history", "-1:current", rows))
        q.append(("history", "current:+1", rows))
    # Upgrade and downgrade targets, from several states.
    for rows in states:
        ups = ["heads", "head", "+1", "+2", "+3"]
        ups += pick(4) + [x[:5] for x in pick(2)] + [x[:4] for x in pick(1)]
        ups += [x + "+1" for x in pick(2)] + [x + "+2" for x in pick(1)] + [x + "-1" for x in pick(1)]
        ups += ["%s@head" % l for l in labels[:3]] + ["%s@+1" % l for l in labels[:3]]
        ups += ["%s@heads" % x for x in pick(1)] + ["%s@+1" % x for x in pick(2)] + ["%s@+2" % x for x in pick(1)]
        for t in ups:
            q.append(("upgrade", t, rows))
        downs = ["base", "-1", "-2", "-3"]
        downs += pick(4) + [x[:5] for x in pick(2)]
        downs += [x + "-1" for x in pick(2)] + [x + "+1" for x in pick(1)]
        downs += ["%s@base" % x for x in pick(3)] + ["%s@-1" % x for x in pick(2)] + ["%s@-2" % x for x in pick(1)]
        downs += ["%s@base" % l for l in labels[:3]] + ["%s@-1" % l for l in labels[:3]]
        applied = [x for x in rows]
        downs += [x + "@-1" for x in applied[:2]]
        for t in downs:
            q.append(("downgrade", t, rows))
    # `show` takes what Alembic's get_revisions takes: one revision, or several (heads, -N).
    # -v: Alembic's log entries.
    q += [("headsv", "", ()), ("branchesv", "", ())]
    for a, b in zip(pick(4), pick(4)):
        lo, hi = sorted([a, b], key=ids.index)
        q.append(("historyv", "%s:%s" % (lo, hi), ()))
    for t in ["heads", "head", "base", "-1", "-2"] + [x[:6] for x in pick(2)] + labels[:2] + \
            ["%s@head" % l for l in labels[:2]] + ["%s@heads" % x for x in pick(2)] + \
            ["%s@-1" % l for l in labels[:2]] + ["%s@-1" % x for x in pick(1)]:
        q.append(("show", t, ()))
    for rows in states[:6]:
        q.append(("show", "current", rows))
    return q


def offline_ranges(g, rng, count):
    """`upgrade LOWER:UPPER --sql` and `downgrade UPPER:LOWER --sql` as Alembic's offline mode
    takes them (the first end one revision or base): mostly an end and an ancestor of it,
    some unrelated pairs (refused by both), ends of every target form."""
    ids = [r["id"] for r in g.revs]
    by_id = {r["id"]: r for r in g.revs}
    labels = [l for r in g.revs for l in r["labels"]]

    def below(rid):
        seen, todo = set(), [rid]
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(by_id[x]["down"] + by_id[x]["deps"])
        return [x for x in ids if x in seen and x != rid]

    out = []
    for n in range(count):
        top = rng.choice(ids)
        anc = below(top)
        low = rng.choice(anc) if anc and n % 4 != 3 else rng.choice(ids)
        up_forms = [top, top[:8], "heads", "+1", "+2", top + "-1", low + "+1"] + \
            ["%s@head" % l for l in labels[:2]] + ["%s@+1" % top]
        lower = "base" if n % 5 == 0 else low if n % 5 != 4 else low[:7]
        out.append(("upgrade", "%s:%s" % (lower, up_forms[n % len(up_forms)])))
        down_forms = [low, "base", "-1", "-2", low[:8], "%s@base" % top, "%s@-1" % top, low + "+1"] + \
            ["%s@base" % l for l in labels[:2]] + ["%s@-1" % l for l in labels[:2]]
        out.append(("downgrade", "%s:%s" % (top, down_forms[n % len(down_forms)])))
    if len(g.revs) < 200:  # the whole graph, both ways (one head: Alembic starts from it)
        out.append(("upgrade", "base:heads"))
        heads = [r for r in ids if not any(r in by_id[x]["down"] for x in ids)]
        if len(heads) == 1:
            out.append(("downgrade", "%s:base" % heads[0]))
    return out


def kind_of(kind, arg):
    if kind in ("heads", "branches", "show", "current", "historyi"):
        return kind
    if kind in ("headsv", "branchesv", "historyv"):
        return "heads, branches, history -v"
    if kind == "history":
        return "history range" if arg else "history"
    t = arg
    if t in ("heads", "head", "base"):
        return "%s %s" % (kind, t)
    if re.fullmatch(r"[+-]\d+", t):
        return "%s +N/-N from current" % kind
    m = re.fullmatch(r"([a-z0-9]+)@(head|heads|base|[+-]\d+)", t)
    if m:
        who = "X" if re.fullmatch(r"[0-9a-f]{12}", m.group(1)) else "label"
        where = m.group(2) if m.group(2)[0] not in "+-" else m.group(2)[0] + "N"
        return "%s %s@%s" % (kind, who, where)
    if re.fullmatch(r"[0-9a-f]{12}[+-]\d+", t):
        return "%s X%sN" % (kind, t[12])
    if re.fullmatch(r"[0-9a-f]{12}", t):
        return "%s id" % kind
    return "%s prefix" % kind


def compare(kind, arg, rows, ours, theirs, answer_again, labels, declared_order=None):
    """'match', 'match-unordered' or a reason for a mismatch. `declared_order`: Alembic's
    answer with the two or more depends_on of a revision taken in declared order (one of the
    orders Python's set gives it), asked only when the answers differ."""
    if theirs.startswith("ERROR"):
        return "match" if ours.startswith("ERROR") else "alembic refuses, migctl answers"
    if ours.startswith("ERROR") and not theirs.startswith("WARN "):
        return "migctl refuses, alembic answers"
    if theirs.startswith("WARN "):
        # Alembic counted from rows[0]; migctl must refuse and name `<rows[0]>@-N`.
        m = re.fullmatch(r"-(\d+)", arg)
        if not (ours.startswith("ERROR") and m):
            return "alembic warns; migctl did not refuse"
        suggestion = "%s@-%s" % (rows[0], m.group(1))
        if "`migctl downgrade %s`" % suggestion not in ours:
            return "refusal does not name `migctl downgrade %s`" % suggestion
        again = answer_again(kind, suggestion, rows)
        return "match" if again == theirs[5:] else "suggested command plans differently: %r" % again
    if ours == theirs:
        return "match"
    if kind == "current":
        # Alembic lists the current revisions in the order of a set of objects.
        same = sorted(normalize_labels(ours, labels).splitlines()) == \
            sorted(normalize_labels(theirs, labels).splitlines())
    elif kind in ("branches", "branchesv"):
        same = children_unordered(normalize_labels(ours, labels)) == \
            children_unordered(normalize_labels(theirs, labels))
    else:
        same = normalize_labels(ours, labels) == normalize_labels(theirs, labels)
    if not same and declared_order is not None:
        again = declared_order()
        same = again is not None and normalize_labels(ours, labels) == normalize_labels(again, labels)
    if same:
        return "match-unordered"
    return "text differs" if kind not in ("upgrade", "downgrade") else "plan differs"


def run_cli(migctl, plugin_dir, graph_file, args):
    env = dict(os.environ, MIGCTL_TEST_GRAPH=graph_file, MIGCTL_PLUGIN_PATH=plugin_dir)
    env.pop("DATABASE_CONN", None)
    p = subprocess.run([migctl, "--allow-untrusted-plugins", "--plugin", "graph_file.so"] + args,
                       env=env, capture_output=True, text=True, cwd=os.path.dirname(graph_file))
    return p.stdout if p.returncode == 0 else "ERROR %d %s" % (p.returncode, p.stderr)


def sql_plan(script_text, direction):
    """The revision steps of migctl's --sql script, as Alembic's step lines."""
    return [m.group(1) for m in re.finditer(r"^-- Running %s .*\(([0-9a-f]{12})(?:, [^()]*)?\)$" % direction,
                                            script_text, re.M)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--answer", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--migctl", required=True)
    ap.add_argument("--work")
    ap.add_argument("--seed", type=int, default=14)
    opts = ap.parse_args()
    opts.answer, opts.plugin, opts.migctl = map(os.path.abspath, (opts.answer, opts.plugin, opts.migctl))
    started = time.time()
    work = opts.work or tempfile.mkdtemp(prefix="migctl-alembic-")
    if os.path.exists(work) and opts.work:
        shutil.rmtree(work)
    rng = random.Random(opts.seed)
    graphs = [build_linear(rng), build_branchy(rng), build_modules(rng), build_random(rng)]
    counts, mismatches, spent = {}, [], {}
    for g in graphs:
        root = os.path.join(work, g.name)
        graph_file = write_project(g, root)
        oracle = Oracle(root)
        qs = queries(g, random.Random(opts.seed * 31 + len(g.revs)))
        env = dict(os.environ, MIGCTL_TEST_GRAPH=graph_file)
        feed = "".join("%s\t%s\t%s\n" % (k, a, ",".join(r)) for k, a, r in qs)
        # migctl answers in the background while Alembic answers here.
        feed_file = os.path.join(root, "queries.tsv")
        with open(feed_file, "w") as f:
            f.write(feed)
        answers_file = open(os.path.join(root, "answers.txt"), "w+")
        proc = subprocess.Popen([opts.answer, opts.plugin], stdin=open(feed_file), stdout=answers_file,
                                stderr=subprocess.PIPE, env=env, text=True)
        theirs_all = []
        for kind, arg, rows in qs:
            t0 = time.process_time()
            theirs_all.append(oracle.ask(kind, arg, rows))
            spent[g.name + " " + kind] = spent.get(g.name + " " + kind, 0) + time.process_time() - t0
        _, err = proc.communicate()
        if proc.returncode != 0:
            print("alembic_diff_answer failed on %s: %s" % (g.name, err))
            return 1
        answers_file.seek(0)
        ours_all = [unescape(line) for line in answers_file.read().split("\n")[: len(qs)]]

        def again(kind, arg, rows):
            p = subprocess.run([opts.answer, opts.plugin], input="%s\t%s\t%s\n" % (kind, arg, ",".join(rows)),
                               env=env, capture_output=True, text=True)
            return unescape(p.stdout.rstrip("\n"))

        labels = {l for r in g.revs for l in r["labels"]}

        def tally(key, verdict, kind, arg, rows, ours, theirs):
            c = counts.setdefault(key, {"match": 0, "match-unordered": 0, "differ": 0})
            if verdict.startswith("match"):
                c[verdict] += 1
            else:
                c["differ"] += 1
                mismatches.append((g.name, kind, arg, rows, verdict, ours, theirs))

        for (kind, arg, rows), ours, theirs in zip(qs, ours_all, theirs_all):
            verdict = compare(kind, arg, rows, ours, theirs, again, labels,
                              lambda: oracle.declared_order(lambda: oracle.ask(kind, arg, rows)))
            tally(kind_of(kind, arg), verdict, kind, arg, rows, ours, theirs)
        # The real binary, on the whole-graph questions.
        plugin_dir = os.path.dirname(opts.plugin)
        for args, kind in ((["heads"], "heads"), (["history"], "history"), (["branches"], "branches")):
            ours = run_cli(opts.migctl, plugin_dir, graph_file, args)
            theirs = oracle.ask(kind, "", ())
            verdict = compare(kind, "", (), ours, theirs, None, labels,
                              lambda: oracle.declared_order(lambda: oracle.ask(kind, "", ())))
            tally("cli " + kind, verdict, "cli " + kind, "", (), ours, theirs)
        # Ranges with --sql: Alembic's offline mode against the migctl binary.
        for direction, revision_range in offline_ranges(g, random.Random(opts.seed * 17 + len(g.revs)),
                                                        14 if len(g.revs) < 200 else 8):
            t0 = time.process_time()
            theirs, failed = oracle.offline(direction, revision_range)
            spent[g.name + " offline"] = spent.get(g.name + " offline", 0) + time.process_time() - t0
            script_text = run_cli(opts.migctl, plugin_dir, graph_file, [direction, revision_range, "--sql"])
            ours = script_text if script_text.startswith("ERROR") else \
                "".join(x + "\n" for x in sql_plan(script_text, direction))
            verdict = compare(direction, revision_range, (), ours, theirs, None, labels,
                              lambda: oracle.declared_order(lambda: oracle.offline(direction, revision_range)[0]))
            tally("cli %s a:b --sql (Alembic offline%s)" % (direction, ", its run fails" if failed else ""),
                  verdict, "cli " + direction, revision_range, (), ours, theirs)
        # The whole graph both ways, from several heads too (Alembic's offline mode starts from
        # one revision, so its plan comes from the function that mode calls).
        real_heads = oracle.script.revision_map._real_heads
        for direction, cli, target, rows in (("upgrade", "base:heads", "heads", ()),
                                             ("downgrade", "heads:base", "base", real_heads)):
            script_text = run_cli(opts.migctl, plugin_dir, graph_file, [direction, cli, "--sql"])
            ours = "".join(x + "\n" for x in sql_plan(script_text, direction)) or script_text[:2000]

            def plan(direction=direction, target=target, rows=rows):
                steps = (oracle.script._upgrade_revs(target, tuple(rows)) if direction == "upgrade"
                         else oracle.script._downgrade_revs(target, tuple(rows)))
                return "".join(s.revision.revision + "\n" for s in steps)

            verdict = compare(direction, cli, rows, ours, plan(), None, labels,
                              lambda: oracle.declared_order(plan))
            tally("cli %s --sql (whole graph)" % direction, verdict, "cli " + direction, cli, rows,
                  ours, plan())
    total = sum(sum(c.values()) for c in counts.values())
    print("%-42s %8s %10s %7s" % ("question", "match", "unordered", "differ"))
    for key in sorted(counts):
        c = counts[key]
        print("%-42s %8d %10d %7d" % (key, c["match"], c["match-unordered"], c["differ"]))
    print("graphs: %s; %d answers compared in %.1f s" % (
        ", ".join("%s (%d revisions)" % (g.name, len(g.revs)) for g in graphs), total, time.time() - started))
    if os.environ.get("DIFF_PROFILE"):
        print({k: round(v, 2) for k, v in sorted(spent.items())})
    for name, kind, arg, rows, verdict, ours, theirs in mismatches[:int(os.environ.get('SHOW_MISMATCHES', '40'))]:
        print("\nMISMATCH [%s] %s %r from rows %s: %s\n--- migctl:\n%s\n--- alembic:\n%s" % (
            name, kind, arg, ",".join(rows) or "(none)", verdict, ours, theirs))
    if mismatches:
        print("\n%d of %d answers differ (work dir %s)" % (len(mismatches), total, work))
        return 1
    if not opts.work:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
