#!/usr/bin/env python3
"""Writes the benchmark's inputs for Alembic and psql (stdlib only).

    generate.py --out DIR --revisions N --shape linear|branchy

DIR/alembic/ gets alembic.ini, env.py and versions/*.py; with the linear shape DIR/psql/
also gets upgrade.sql and downgrade.sql, and the same with migctl's audit row added to each
revision's transaction (upgrade_audit.sql, downgrade_audit.sql); DIR/sqlite/ gets the same
four scripts for the sqlite3 shell (SQLite's audit table and clock, BEGIN IMMEDIATE as
migctl's SQLite driver begins); DIR/dbmate/ gets the revisions as dbmate SQL files and the
psql scripts of the same work under their versions. The revisions are exactly those the
bench plugin (bench/plugin/bench_revisions.cpp) builds from MIGCTL_BENCH_REVISIONS and
MIGCTL_BENCH_SHAPE: the same ids, parents and SQL text. Change both or neither.

Graph shapes (revision i = 1..N, id "r%06d"):
  linear   i has parent i-1.
  branchy  blocks of ten: offset 0 continues from the previous block's last revision,
           offsets 1-4 and 5-8 are two branches from it, offset 9 merges their tips
           (parents i-5 and i-1). An incomplete last block leaves its branches unmerged.
"""

import argparse
import collections
import datetime
import os
import shutil
import sys


def revision_id(i):
    return "r%06d" % i


def parents(i, shape):
    if shape == "linear":
        return [i - 1] if i > 1 else []
    start = i - (i - 1) % 10  # first revision of i's block
    offset = i - start
    if offset == 0:
        return [i - 1] if i > 1 else []
    if offset in (1, 5):
        return [start]
    if offset == 9:
        return [i - 5, i - 1]
    return [i - 1]


def upgrade_sql(i):
    t = "bench_%06d" % i
    return [
        "CREATE TABLE %s (id bigint PRIMARY KEY, name text NOT NULL)" % t,
        "CREATE INDEX %s_name_idx ON %s (name)" % (t, t),
    ]


def downgrade_sql(i):
    t = "bench_%06d" % i
    return ["DROP INDEX %s_name_idx" % t, "DROP TABLE %s" % t]


ALEMBIC_INI = """\
[alembic]
script_location = %(here)s
# The database URL comes from the environment (BENCH_DATABASE_URL), never from this file.

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''\
"""Alembic environment for the benchmark: online mode, one transaction per revision."""
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

if context.config.config_file_name is not None:
    fileConfig(context.config.config_file_name)

engine = create_engine(os.environ["BENCH_DATABASE_URL"], poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None,
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
'''

VERSION_PY = '''\
"""bench revision {n}

Revision ID: {rev}
Revises: {revises}
"""
from alembic import op

revision = {rev!r}
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
{up}


def downgrade():
{down_ops}
'''


def ops(statements):
    return "\n".join("    op.execute(%r)" % s for s in statements)


def write_alembic(out, n, shape):
    root = os.path.join(out, "alembic")
    versions = os.path.join(root, "versions")
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(ALEMBIC_INI)
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    for i in range(1, n + 1):
        ps = [revision_id(p) for p in parents(i, shape)]
        if not ps:
            down = "None"
        elif len(ps) == 1:
            down = repr(ps[0])
        else:
            down = repr(tuple(ps))
        text = VERSION_PY.format(n=i, rev=revision_id(i), revises=", ".join(ps), down=down,
                                 up=ops(upgrade_sql(i)), down_ops=ops(downgrade_sql(i)))
        with open(os.path.join(versions, revision_id(i) + "_bench.py"), "w") as f:
            f.write(text)


# migctl's audit table, as core/src/context creates it: the "+ audit" scripts write one row
# per revision into it, as migctl does, so the runner's own cost can be told from the
# cost of the audit trail.
HISTORY_TABLE = (
    "CREATE TABLE IF NOT EXISTS migctl_history (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " revision varchar(32) NOT NULL, direction varchar(16) NOT NULL, checksum char(64),"
    " versions_before text NOT NULL, versions_after text NOT NULL,"
    " started_at timestamptz NOT NULL, finished_at timestamptz NOT NULL,"
    " duration_ms double precision NOT NULL, success boolean NOT NULL, error text,"
    " failing_statement text, db_user text NOT NULL DEFAULT current_user, os_user text,"
    " host text, migctl_version text NOT NULL);\n")


def audit_row(rev, direction, before, after):
    return ("INSERT INTO migctl_history (revision, direction, checksum, versions_before,"
            " versions_after, started_at, finished_at, duration_ms, success, error,"
            " failing_statement, os_user, host, migctl_version) VALUES ('%s', '%s', '%s', '%s',"
            " '%s', now(), clock_timestamp(), 1.5, true, NULL, NULL, 'bench', 'bench', '0.1.0');\n"
            % (rev, direction, "0" * 64, before, after))


# What differs between the psql and sqlite3 scripts; the work itself is the same.
ScriptDialect = collections.namedtuple(
    "ScriptDialect", "begin create_version history_table insert update delete audit_row")

PSQL = ScriptDialect(
    begin="BEGIN;\n",
    create_version="CREATE TABLE IF NOT EXISTS alembic_version (version_num varchar(32) NOT NULL, "
                   "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n",
    history_table=HISTORY_TABLE,
    insert="INSERT INTO alembic_version (version_num) VALUES ('%s');\n",
    update="UPDATE alembic_version SET version_num='%s' "
           "WHERE alembic_version.version_num = '%s';\n",
    delete="DELETE FROM alembic_version WHERE alembic_version.version_num = '%s';\n",
    audit_row=audit_row)


def write_psql(out, n):
    """What Alembic sends for a linear upgrade/downgrade, as one psql script each; the
    *_audit.sql variants add migctl's audit row to each revision's transaction."""
    write_scripts(os.path.join(out, "psql"), n, PSQL)


def write_scripts(root, n, dialect, audits=(False, True), rev=revision_id):
    """upgrade.sql and downgrade.sql (and their *_audit.sql variants) in `root`: per
    revision a transaction with its two statements and the alembic_version change.
    `rev(i)` is revision i's id as the version row and the audit row name it."""
    os.makedirs(root, exist_ok=True)
    for audit in audits:
        suffix = "_audit" if audit else ""
        write_upgrade(os.path.join(root, "upgrade%s.sql" % suffix), n, dialect, audit, rev)
        write_downgrade(os.path.join(root, "downgrade%s.sql" % suffix), n, dialect, audit, rev)


def write_upgrade(path, n, d, audit, rev=revision_id):
    with open(path, "w") as f:
        f.write(d.create_version)
        if audit:
            f.write(d.history_table)
        for i in range(1, n + 1):
            f.write(d.begin)
            for s in upgrade_sql(i):
                f.write(s + ";\n")
            if i == 1:
                f.write(d.insert % rev(i))
            else:
                f.write(d.update % (rev(i), rev(i - 1)))
            if audit:
                f.write(d.audit_row(rev(i), "upgrade", rev(i - 1) if i > 1 else "", rev(i)))
            f.write("COMMIT;\n")


def write_downgrade(path, n, d, audit, rev=revision_id):
    with open(path, "w") as f:
        if audit:
            f.write(d.history_table)
        for i in range(n, 0, -1):
            f.write(d.begin)
            for s in downgrade_sql(i):
                f.write(s + ";\n")
            if i == 1:
                f.write(d.delete % rev(i))
            else:
                f.write(d.update % (rev(i - 1), rev(i)))
            if audit:
                f.write(d.audit_row(rev(i), "downgrade", rev(i), rev(i - 1) if i > 1 else ""))
            f.write("COMMIT;\n")


# migctl's audit table as the SQLite driver's dialect creates it (drivers/sqlite/).
SQLITE_HISTORY_TABLE = (
    'CREATE TABLE IF NOT EXISTS "migctl_history" (id INTEGER PRIMARY KEY AUTOINCREMENT,'
    " revision VARCHAR(32) NOT NULL, direction VARCHAR(16) NOT NULL, checksum CHAR(64),"
    " versions_before TEXT NOT NULL, versions_after TEXT NOT NULL, started_at TEXT NOT NULL,"
    " finished_at TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL,"
    " success BOOLEAN NOT NULL, error TEXT, failing_statement TEXT,"
    " db_user TEXT NOT NULL DEFAULT '', os_user TEXT, host TEXT, migctl_version TEXT NOT NULL);\n")
SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')"


def sqlite_audit_row(rev, direction, before, after):
    return ('INSERT INTO "migctl_history" (revision, direction, checksum, versions_before,'
            " versions_after, started_at, finished_at, duration_ms, success, error,"
            " failing_statement, db_user, os_user, host, migctl_version) VALUES ('%s', '%s',"
            " '%s', '%s', '%s', %s, %s, 1.5, 1, NULL, NULL, 'bench', 'bench', 'bench',"
            " '0.1.0');\n" % (rev, direction, "0" * 64, before, after, SQLITE_NOW, SQLITE_NOW))


SQLITE = ScriptDialect(
    begin="BEGIN IMMEDIATE;\n",
    create_version='CREATE TABLE IF NOT EXISTS "alembic_version" (version_num VARCHAR(32) NOT NULL,'
                   ' CONSTRAINT "alembic_version_pkc" PRIMARY KEY (version_num));\n',
    history_table=SQLITE_HISTORY_TABLE,
    insert="INSERT INTO \"alembic_version\" (version_num) VALUES ('%s');\n",
    update="UPDATE \"alembic_version\" SET version_num = '%s' WHERE version_num = '%s';\n",
    delete="DELETE FROM \"alembic_version\" WHERE version_num = '%s';\n",
    audit_row=sqlite_audit_row)


def write_sqlite(out, n):
    """The psql scripts' work for the sqlite3 shell: per revision BEGIN IMMEDIATE, the two
    statements, the alembic_version change (and the audit row), COMMIT."""
    write_scripts(os.path.join(out, "sqlite"), n, SQLITE)


# The dbmate set: revision i is the file <version>_bench.sql, its version a UTC timestamp as
# `dbmate new` writes them (one second apart from 2026-01-01 00:00:00), its sections the
# very statements the psql scripts run, one per line with its `;`.
DBMATE_EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def dbmate_version(i):
    return (DBMATE_EPOCH + datetime.timedelta(seconds=i)).strftime("%Y%m%d%H%M%S")


def dbmate_text(i):
    return ("-- migrate:up\n" + "".join(s + ";\n" for s in upgrade_sql(i)) +
            "\n-- migrate:down\n" + "".join(s + ";\n" for s in downgrade_sql(i)))


def write_dbmate(out, n):
    """DIR/dbmate/migrations/: the N revisions as dbmate files (what migctl reads with
    --migrations-dir and dbmate itself runs); DIR/dbmate/psql/: the psql scripts of the same
    work under the dbmate versions, so the version and audit rows name the same revisions
    as migctl's do."""
    root = os.path.join(out, "dbmate")
    if os.path.isdir(root):
        shutil.rmtree(root)
    migrations = os.path.join(root, "migrations")
    os.makedirs(migrations)
    for i in range(1, n + 1):
        with open(os.path.join(migrations, dbmate_version(i) + "_bench.sql"), "w") as f:
            f.write(dbmate_text(i))
    write_scripts(os.path.join(root, "psql"), n, PSQL, rev=dbmate_version)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--revisions", type=int, default=1000)
    parser.add_argument("--shape", choices=("linear", "branchy"), default="linear")
    args = parser.parse_args()
    if not 1 <= args.revisions <= 999999:
        sys.exit("generate.py: --revisions must be between 1 and 999999")
    write_alembic(args.out, args.revisions, args.shape)
    if args.shape == "linear":
        write_psql(args.out, args.revisions)
        write_sqlite(args.out, args.revisions)
        write_dbmate(args.out, args.revisions)


if __name__ == "__main__":
    main()
