"""The Databricks dialect, verified on a local Apache Spark session (dbt-spark, method session).

One Spark session per test session (scripts/spark_build.py, one JVM start): it registers the
small sample export as Spark tables (`dbt run-operation register_export_tables`), runs
`dbt build --target spark`, then registers the same account a few days later (late records
and corrections for past months) and builds again, incrementally, with ANSI mode on as on a
Databricks SQL warehouse, and dumps the marts to Parquet. The tests compare those marts, row
by row, with a full DuckDB build of the later export (fixture built_later_full): same
columns, same keys, equal values, money to 1e-6 USD. So the incremental run equals a full
refresh on Spark, and Spark equals DuckDB.

Run alone:  python -m pytest -m spark        (deselect with -m "not spark")
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.spark

DASHBOARD = PROJECT_DIR / "dashboards" / "finops_chargeback.lvdash.json"
DASHBOARD_REPORT = "dashboard_datasets.json"
TOLERANCE = 1e-6
# The public marts and their grain (spec section 7); other fct_/dim_/rpt_ tables found in
# both builds are compared on all their non-numeric columns.
MART_KEYS = {
    "fct_billing_usage": ["record_id"],
    "fct_showback_daily": ["usage_date", "workspace_id", "cost_center_id", "billing_origin_product", "sku_name"],
    "fct_chargeback_monthly": ["billing_month", "cost_center_id"],
    "fct_chargeback_allocations_monthly": ["billing_month", "pool_cost_center_id", "cost_center_id"],
    "fct_workload_cost_daily": ["usage_date", "workspace_id", "workload_type", "workload_id"],
    "fct_model_serving_cost_daily": ["usage_date", "workspace_id", "endpoint", "serving_type"],
    "rpt_tag_coverage_monthly": ["billing_month", "workspace_id", "billing_origin_product"],
    "dim_cost_centers": ["cost_center_id"],
    "dim_workspaces": ["workspace_id"],
    "dim_skus": ["sku_name"],
    "fct_job_run_cost": ["workspace_id", "job_id", "job_run_id"],
    "rpt_untagged_workloads": ["billing_month", "workspace_id", "workload_type", "workload_id"],
    "rpt_unpriced_usage": ["usage_date", "workspace_id", "sku_name", "cloud", "usage_unit", "billing_origin_product"],
    "fct_budget_status": ["budget_id", "period_start"],
    "fct_commitment_burndown": ["commitment_id", "usage_date"],
    "rpt_cost_anomalies": ["usage_date", "scope_type", "scope_value"],
    "fct_cost_forecast_daily": ["forecast_level", "scope_value", "forecast_date"],
    "rpt_forecast_backtest": ["forecast_level", "scope_value", "billing_month", "forecast_day_of_month"],
    "fct_focus_charges": ["x_RecordId"],
    "rpt_focus_reconciliation": ["billing_month"],
}
REQUIRED_MARTS = sorted(MART_KEYS)
# when a row was written differs by design, and the configuration fingerprint hashes the price
# table with each engine's own hash(): neither is compared between engines
LOAD_TIME_COLUMNS = {"loaded_at", "fact_loaded_at", "x_FactLoadedAt", "written_at", "config_fingerprint"}
NUMERIC_TYPES = ("DECIMAL", "DOUBLE", "FLOAT", "REAL", "INTEGER", "BIGINT", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT")


@pytest.fixture(scope="session")
def spark_build(small_export, later_export, tmp_path_factory):
    """On Spark: build the small export, then an incremental build on the later export (late
    records and corrections for past months), dump the marts. They are compared with a full
    DuckDB build of the later export: incremental equals full refresh, and Spark equals DuckDB."""
    workdir = tmp_path_factory.mktemp("spark_build")
    marts_dir = workdir / "marts"
    proc = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "spark_build.py"),
         "--export", str(small_export), "--then-export", str(later_export),
         "--workdir", str(workdir), "--dump-marts", str(marts_dir),
         # the dashboard's datasets, in the same session (report read by test_dashboard_datasets_run_on_spark)
         "--run-sql", str(DASHBOARD), "--sql-report", str(workdir / DASHBOARD_REPORT)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    return proc, marts_dir


def _tail(proc) -> str:
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if " WARN " not in line]
    return "\n".join(lines[-80:])


def test_spark_build_passes(spark_build):
    proc, marts_dir = spark_build
    assert proc.returncode == 0, _tail(proc)
    assert "Registered" in proc.stdout and "billing.usage" in proc.stdout
    # two builds: the small export, then the later one incrementally (the fact appends)
    assert proc.stdout.count("==> dbt build") == 2
    # the build ran with Databricks SQL warehouse semantics
    assert "ANSI mode: true (a failing cast raises: True)" in proc.stdout
    for mart in REQUIRED_MARTS:
        assert (marts_dir / mart).is_dir(), f"{mart} was not built on Spark"


def _spark_marts(marts_dir: Path) -> list[str]:
    return sorted(p.name for p in marts_dir.iterdir() if p.is_dir()) if marts_dir.is_dir() else []


def _compare(con: duckdb.DuckDBPyConnection, mart: str, marts_dir: Path) -> list[str]:
    con.execute(f"create or replace view spark_side as select * from read_parquet('{marts_dir / mart}/*.parquet')")
    con.execute(f"create or replace view duck_side as select * from duck.finops.{mart}")
    duck_types = {name: type_ for name, type_, *_ in con.execute("describe duck_side").fetchall()}
    spark_types = {name: type_ for name, type_, *_ in con.execute("describe spark_side").fetchall()}
    problems = []
    if set(duck_types) != set(spark_types):
        problems.append(
            f"columns differ: only DuckDB {sorted(set(duck_types) - set(spark_types))}, "
            f"only Spark {sorted(set(spark_types) - set(duck_types))}"
        )
    # when a row was written differs between the two builds by design
    columns = [c for c in duck_types if c in spark_types and c not in LOAD_TIME_COLUMNS]

    def is_numeric(column):
        return duck_types[column].upper().startswith(NUMERIC_TYPES)

    def normalised(side, column):
        types = (duck_types[column] + spark_types[column]).upper()
        if "TIMESTAMP" in types:
            return f"cast(cast(cast({side}.{column} as timestamptz) as timestamp) as varchar)"
        return f"cast({side}.{column} as varchar)"

    keys = MART_KEYS.get(mart) or [c for c in columns if not is_numeric(c)]
    duck_rows, spark_rows = (con.execute(f"select count(*) from {s}").fetchone()[0] for s in ("duck_side", "spark_side"))
    if duck_rows != spark_rows:
        problems.append(f"row count: DuckDB {duck_rows}, Spark {spark_rows}")
    if duck_rows == 0:
        problems.append("no rows to compare (DuckDB)")

    join = " and ".join(f"{normalised('d', k)} is not distinct from {normalised('s', k)}" for k in keys)
    unmatched = con.execute(
        f"select count(*) filter (where s_present is null), count(*) filter (where d_present is null) from ("
        f" select d.present as d_present, s.present as s_present from (select *, true as present from duck_side) d"
        f" full outer join (select *, true as present from spark_side) s on {join})"
    ).fetchone()
    if unmatched != (0, 0):
        problems.append(f"keys {keys}: {unmatched[0]} DuckDB rows without a Spark row, {unmatched[1]} the other way")

    for column in columns:
        if column in keys:
            continue
        if is_numeric(column):
            differs = (
                f"(d.{column} is null) != (s.{column} is null)"
                f" or abs(cast(d.{column} as double) - cast(s.{column} as double)) > {TOLERANCE}"
            )
        else:
            differs = f"{normalised('d', column)} is distinct from {normalised('s', column)}"
        rows = con.execute(
            f"select {', '.join(normalised('d', k) for k in keys)}, {normalised('d', column)}, {normalised('s', column)}"
            f" from duck_side d inner join spark_side s on {join} where {differs} limit 3"
        ).fetchall()
        if rows:
            problems.append(f"{column} differs, e.g. (key..., duckdb, spark): {rows}")
    return problems


@pytest.fixture(scope="session")
def compare_connection(built_later_full):
    project, result = built_later_full
    assert result.ok, result.output[-3000:]
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{project.db_path}' as duck (read_only)")
    yield con
    con.close()


@pytest.mark.parametrize("mart", REQUIRED_MARTS)
def test_spark_mart_equals_duckdb(spark_build, compare_connection, mart):
    proc, marts_dir = spark_build
    assert proc.returncode == 0, _tail(proc)
    assert mart in _spark_marts(marts_dir), f"{mart} missing on Spark"
    problems = _compare(compare_connection, mart, marts_dir)
    assert not problems, f"{mart}: Spark and DuckDB disagree:\n" + "\n".join(problems)


def test_spark_conserves_money_per_month(spark_build, compare_connection):
    """Chargeback total = showback net = billing usage net per month, on Spark's own tables."""
    proc, marts_dir = spark_build
    assert proc.returncode == 0, _tail(proc)
    con = compare_connection
    totals = {}
    for mart, column, where in [
        ("fct_billing_usage", "net_cost_usd", "is_priced"),
        ("fct_showback_daily", "net_cost_usd", "true"),
        ("fct_chargeback_monthly", "total_chargeback_usd", "true"),
    ]:
        totals[mart] = dict(con.execute(
            f"select billing_month, sum(cast({column} as double)) from read_parquet('{marts_dir / mart}/*.parquet')"
            f" where {where} group by 1"
        ).fetchall())
    months = set().union(*totals.values())
    assert months
    for month in months:
        values = [totals[m].get(month, 0.0) for m in totals]
        assert max(values) - min(values) < TOLERANCE, (month, dict(zip(totals, values)))


def test_dashboard_datasets_run_on_spark(spark_build):
    """Every dataset of the AI/BI dashboard runs on Spark SQL (ANSI mode) and returns rows."""
    import json

    proc, marts_dir = spark_build
    report_path = marts_dir.parent / DASHBOARD_REPORT
    assert report_path.is_file(), _tail(proc)
    report = json.loads(report_path.read_text())
    datasets = [d["name"] for d in json.loads(DASHBOARD.read_text())["datasets"]]
    assert sorted(report) == sorted(f"{DASHBOARD.name}:{name}" for name in datasets)
    failed = {name: r["error"] for name, r in report.items() if "error" in r}
    assert not failed, f"dashboard datasets failing on Spark: {failed}"
    empty = [name for name, r in report.items() if r["rows"] == 0]
    assert not empty, f"dashboard datasets with no rows on Spark: {empty}"
