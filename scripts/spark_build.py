#!/usr/bin/env python
"""Build the project on a local Apache Spark session in ONE process (one JVM start).

    python scripts/spark_build.py --export /path/to/export [--workdir DIR] [--dump-marts DIR]
                                  [--run-sql FILE ...] [--sql-report FILE]
                                  [-- extra dbt build arguments]

Does what a user does by hand with the `spark` target of profiles.yml,

    FINOPS_TARGET=spark dbt run-operation register_export_tables
    FINOPS_TARGET=spark dbt build

but through dbt's programmatic runner, so both commands share one SparkSession (a Spark
start costs 10-50 s on a small machine). With --dump-marts it then writes every table of
the output schema whose name starts with fct_, dim_ or rpt_ to DIR/<table>/ as Parquet, so
another process (tests/python/test_spark.py) can compare them with DuckDB. With --run-sql it
then runs SQL in the same session, on the output schema (tables by bare name, ANSI mode as
on a Databricks SQL warehouse): a `.sql` file as one query, a dashboard definition
(`.lvdash.json`) as each of its datasets; --sql-report writes the outcome of each (row
count and columns, or the error) as JSON. The Spark metastore and warehouse live in
WORKDIR/spark (FINOPS_SPARK_DIR).
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

    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    steps = [
        ["run-operation", "register_export_tables", "--target", "spark"],
        ["build", "--target", "spark", *args.dbt_args],
    ]
    for step in steps:
        print(f"==> dbt {' '.join(step)}", flush=True)
        result = runner.invoke(step)
        if not result.success:
            print(f"dbt {step[0]} failed: {result.exception or 'see the log above'}", file=sys.stderr)
            return 1

    if args.dump_marts:
        dump_marts(args.dump_marts.resolve())
    if args.run_sql:
        return run_sql(args.run_sql, args.sql_report)
    return 0


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
    # dbt-spark switches ANSI mode off for its own session; Databricks SQL warehouses run with it on
    spark.conf.set("spark.sql.ansi.enabled", "true")
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
