#!/usr/bin/env python
"""Build the project on a local Apache Spark session in ONE process (one JVM start).

    python scripts/spark_build.py --export /path/to/export [--workdir DIR] [--dump-marts DIR]
                                  [--run-sql FILE ...] [--sql-report FILE]
                                  [-- extra dbt build arguments]

Does what a user does by hand with the `spark` target of profiles.yml,

    FINOPS_TARGET=spark dbt run-operation register_export_tables
    FINOPS_TARGET=spark dbt build

but through dbt's programmatic runner, so both commands share one SparkSession (a Spark
start costs 10-50 s on a small machine). With --then-export it then registers a later export
of the same account and builds again: an incremental run. With --dump-marts it then writes every table of
the output schema whose name starts with fct_, dim_ or rpt_ to DIR/<table>/ as Parquet, so
another process (tests/python/test_spark.py) can compare them with DuckDB. With --run-sql it
then runs SQL in the same session, on the output schema (tables by bare name): a `.sql` file
as one query, a dashboard definition (`.lvdash.json`) as each of its datasets; --sql-report
writes the outcome of each (row count and columns, or the error) as JSON. The Spark
metastore and warehouse live in WORKDIR/spark (FINOPS_SPARK_DIR).

The session runs with the semantics of a Databricks SQL warehouse (databricks_semantics):
ANSI mode on (dbt-spark forces it off for every statement of its session), and blank seed
cells loaded as nulls (its session cursor binds None as the string 'None').
Exit status: 0 when registration, build and dump succeeded and, without --sql-report,
every query too (with it, failing queries are in the report).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
MART_PREFIXES = ("fct_", "dim_", "rpt_")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", required=True, type=Path, help="Parquet export (one folder per system table)")
    parser.add_argument("--workdir", type=Path, default=PROJECT_DIR / "target" / "spark_build",
                        help="dbt target/log paths and the Spark metastore go here")
    parser.add_argument("--then-export", type=Path,
                        help="after the build, register this later export and build again (an incremental run)")
    parser.add_argument("--dump-marts", type=Path, help="write the marts built on Spark here as Parquet")
    parser.add_argument("--run-sql", type=Path, action="append", default=[],
                        help="after the build, run this .sql file or every dataset of this .lvdash.json (repeatable)")
    parser.add_argument("--sql-report", type=Path, help="write the outcome of each --run-sql query here (JSON)")
    parser.add_argument("dbt_args", nargs="*", help="extra arguments for dbt build (after --)")
    args = parser.parse_args(argv)

    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        FINOPS_TARGET="spark",
        FINOPS_EXPORT_DIR=str(args.export.resolve()),
        FINOPS_SPARK_DIR=str(workdir / "spark"),
        DBT_PROFILES_DIR=os.environ.get("DBT_PROFILES_DIR", str(PROJECT_DIR)),
        DBT_TARGET_PATH=str(workdir / "target"),
        DBT_LOG_PATH=str(workdir / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_USE_COLORS="false",
        DBT_PARTIAL_PARSE="false",
    )
    os.chdir(PROJECT_DIR)
    databricks_semantics()

    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    steps = [
        ["run-operation", "register_export_tables", "--target", "spark"],
        ["build", "--target", "spark", *args.dbt_args],
    ]
    if args.then_export:
        later = str(args.then_export.resolve())
        steps += [
            ["run-operation", "register_export_tables", "--args", f"{{export_dir: '{later}'}}", "--target", "spark"],
            ["build", "--target", "spark", *args.dbt_args],
        ]
    for step in steps:
        print(f"==> dbt {' '.join(step)}", flush=True)
        result = runner.invoke(step)
        if not result.success:
            print(f"dbt {step[0]} failed: {result.exception or 'see the log above'}", file=sys.stderr)
            return 1

    report_ansi_mode()
    if args.dump_marts:
        dump_marts(args.dump_marts.resolve())
    if args.run_sql:
        return run_sql(args.run_sql, args.sql_report)
    return 0


def report_ansi_mode() -> None:
    """Print whether the session the build ran in has ANSI semantics (a bad cast raises)."""
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    try:
        spark.sql("select cast('not a number' as int)").collect()
        raises = False
    except Exception:  # noqa: BLE001 - any error means the cast was refused
        raises = True
    print(f"ANSI mode: {spark.conf.get('spark.sql.ansi.enabled')} (a failing cast raises: {raises})", flush=True)


def databricks_semantics() -> None:
    """Make dbt-spark's local session behave as a Databricks SQL warehouse does.

    - ANSI mode on: Databricks SQL warehouses run with spark.sql.ansi.enabled=true (a failing
      cast, an overflow or a division by zero raises); dbt-spark's credentials force it to
      false and its session re-applies that on every statement, so it is set where they are.
    - Seeds: the session cursor formats a None binding as the string 'None', which ANSI casts
      reject; Databricks' own seed loader writes null, so null it is.
    """
    from dbt.adapters.spark import connections, session

    post_init = connections.SparkCredentials.__post_init__

    def ansi_post_init(self):
        post_init(self)
        self.server_side_parameters["spark.sql.ansi.enabled"] = "true"

    connections.SparkCredentials.__post_init__ = ansi_post_init
    fix_binding = session.SessionConnectionWrapper._fix_binding.__func__
    session.SessionConnectionWrapper._fix_binding = classmethod(
        lambda cls, value: "null" if value is None else fix_binding(cls, value)
    )


def dump_marts(out_dir: Path) -> None:
    """Write the marts of the dbt session's SparkSession (same process) to Parquet."""
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    schema = "finops"
    tables = [
        row.tableName
        for row in spark.sql(f"show tables in {schema}").collect()
        if row.tableName.startswith(MART_PREFIXES) and not row.isTemporary
    ]
    for table in sorted(tables):
        relation = f"{schema}.{table}"
        if spark.sql(f"describe table extended {relation}").filter("col_name = 'Type'").first()[1] == "VIEW":
            continue
        spark.table(relation).coalesce(1).write.mode("overwrite").parquet(str(out_dir / table))
        print(f"dumped {relation} -> {out_dir / table}", flush=True)


def sql_queries(path: Path) -> list[tuple[str, str]]:
    """(name, sql) of a .sql file, or of every dataset of a dashboard definition."""
    if path.name.endswith(".lvdash.json"):
        definition = json.loads(path.read_text(encoding="utf-8"))
        return [
            (f"{path.name}:{d['name']}", "".join(d["queryLines"]) if "queryLines" in d else d["query"])
            for d in definition["datasets"]
        ]
    return [(path.name, path.read_text(encoding="utf-8"))]


def run_sql(paths: list[Path], report: Path | None) -> int:
    """Run each query in the dbt session's SparkSession, on the output schema."""
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    spark.conf.set("spark.sql.ansi.enabled", "true")  # as in the build (databricks_semantics)
    spark.sql("use finops")
    outcome, failed = {}, 0
    for path in paths:
        for name, sql in sql_queries(path):
            try:
                frame = spark.sql(sql)
                outcome[name] = {"rows": len(frame.collect()), "columns": frame.columns}
                print(f"ran {name}: {outcome[name]['rows']} rows", flush=True)
            except Exception as exc:  # report every failing query, not only the first
                failed += 1
                outcome[name] = {"error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
                print(f"FAILED {name}: {outcome[name]['error']}", file=sys.stderr, flush=True)
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(outcome, indent=2), encoding="utf-8")
    # with a report the failures are read from it; without one they fail the run
    return 1 if failed and not report else 0


if __name__ == "__main__":
    sys.exit(main())
