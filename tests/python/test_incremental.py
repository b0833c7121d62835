"""Incremental runs of fct_billing_usage give exactly the marts of a full refresh.

- Late data and corrections: build on an export as of 2026-10-31, then run again on the
  export as of 2026-11-05 (new days plus RETRACTION/RESTATEMENT pairs for October usage);
  every table the project builds equals a full refresh on the later export, row by row.
- Configuration changes: after a mapping seed or a variable changes, the next incremental
  run reprocesses every record (no --full-refresh needed) and again equals a full refresh.
- Renames: the marts stored incrementally on top of the aggregates (fct_job_run_cost,
  fct_workload_cost_daily) rewrite the runs and days of a renamed job on the next run, with
  nothing new in the usage.

See the docs block `incremental_runs` (docs/incremental.md).
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from conftest import DbtProject, copy_project, generate_export

TOLERANCE = 1e-9
# bookkeeping columns holding the time of the run that wrote the row (not compared)
LOAD_TIME_COLUMNS = {"loaded_at", "fact_loaded_at", "x_FactLoadedAt", "written_at"}
# bookkeeping tables: how far the data was tested differs between the two histories by design
BOOKKEEPING_TABLES = {"finops_tested_watermark"}


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = 'finops' and table_type = 'BASE TABLE'",
        [catalog],
    ).fetchall()
    return {r[0] for r in rows}


def _comparable_select(con, catalog: str, table: str) -> str:
    """Select list that compares exactly, except doubles (rounded to 1e-9) and maps (as text)."""
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'finops' and table_name = ? order by ordinal_position",
        [catalog, table],
    ).fetchall()
    parts = []
    for name, data_type in columns:
        if name in LOAD_TIME_COLUMNS:
            continue  # when a row was written differs between the two builds by design
        if data_type in ("DOUBLE", "FLOAT", "REAL"):
            parts.append(f'round("{name}", 9) as "{name}"')
        elif data_type.startswith(("MAP", "STRUCT")) or data_type.endswith("[]"):
            parts.append(f'cast("{name}" as varchar) as "{name}"')
        else:
            parts.append(f'"{name}"')
    return ", ".join(parts)


def assert_same_tables(incremental: DbtProject, full: DbtProject, required: list[str]) -> dict[str, int]:
    """Every table of the full refresh exists in the incremental database with the same rows."""
    con = duckdb.connect()
    con.execute(f"attach '{incremental.db_path}' as inc (read_only)")
    con.execute(f"attach '{full.db_path}' as ref (read_only)")
    ref_tables = _tables(con, "ref") - BOOKKEEPING_TABLES
    inc_tables = _tables(con, "inc") - BOOKKEEPING_TABLES
    for table in required:
        assert table in ref_tables, f"{table} not built by the full refresh"
    assert ref_tables == inc_tables, f"table sets differ: {sorted(ref_tables ^ inc_tables)}"
    counts = {}
    for table in sorted(ref_tables):
        select = _comparable_select(con, "ref", table)
        n_ref = con.execute(f"select count(*) from ref.finops.{table}").fetchone()[0]
        n_inc = con.execute(f"select count(*) from inc.finops.{table}").fetchone()[0]
        assert n_inc == n_ref, f"{table}: {n_inc} rows after the incremental run, {n_ref} after a full refresh"
        for a, b in (("inc", "ref"), ("ref", "inc")):
            diff = con.execute(
                f"select count(*) from (select {select} from {a}.finops.{table} "
                f"except all select {select} from {b}.finops.{table})"
            ).fetchone()[0]
            if diff:
                sample = con.execute(
                    f"select {select} from {a}.finops.{table} except all "
                    f"select {select} from {b}.finops.{table} limit 3"
                ).fetchall()
                pytest.fail(f"{table}: {diff} rows of {a} not in {b}, e.g. {sample}")
        counts[table] = n_ref
    # costs agree to 1e-9 per month too (a cheap, readable check on top of the row comparison)
    for table, column in (("fct_billing_usage", "net_cost_usd"), ("fct_chargeback_monthly", "total_chargeback_usd")):
        worst = con.execute(
            f"select coalesce(max(abs(coalesce(i.total, 0) - coalesce(r.total, 0))), 0) from "
            f"(select billing_month, sum({column}) as total from inc.finops.{table} group by 1) as i "
            f"full outer join (select billing_month, sum({column}) as total from ref.finops.{table} group by 1) as r "
            f"on i.billing_month = r.billing_month"
        ).fetchone()[0]
        assert worst <= TOLERANCE, f"{table}.{column}: monthly totals differ by {worst}"
    con.close()
    return counts


MARTS = [
    "fct_billing_usage",
    "fct_showback_daily",
    "fct_chargeback_monthly",
]
# incremental: only the usage days (job runs, billing months) holding newly loaded records are replaced
INCREMENTAL_AGGREGATES = [
    "agg_serverless_runs_hourly",
    "agg_workload_costs_daily",
    "agg_endpoint_costs_daily",
    "agg_job_run_costs",
    "fct_showback_daily",
    "rpt_tag_coverage_monthly",
    "rpt_untagged_workloads",
    "fct_job_run_cost",
    "fct_workload_cost_daily",
]


def _ok(result, what: str):
    assert result.ok, f"{what} failed:\n{result.output[-4000:]}"


def compiled_model(project: DbtProject, model: str) -> str:
    """The compiled SQL of a model in the last run (not a unit test's fixture of the same name)."""
    paths = [p for p in (project.workdir / "target" / "compiled").rglob(f"{model}.sql")
             if not p.parent.name.endswith(".yml")]
    assert len(paths) == 1, paths
    return paths[0].read_text()


def _increment_mode(project: DbtProject) -> str:
    """What the last run of fct_billing_usage processed, read from its compiled SQL."""
    compiled = compiled_model(project, "fct_billing_usage")
    return "incremental" if "ingestion_date >= cast(" in compiled else "all records"


def test_late_data_and_corrections_equal_full_refresh(small_export, later_export, tmp_path):
    # the later export really holds late records and corrections for the earlier month
    con = duckdb.connect()
    late = con.execute(
        f"select count(*) filter (where record_type != 'ORIGINAL'), count(*) filter (where usage_date < date '2026-11-01') "
        f"from read_parquet('{later_export}/usage/*.parquet') "
        f"where ingestion_date > date '2026-10-31'"
    ).fetchone()
    assert late[0] > 0 and late[1] > 0, "the later export should carry corrections and late records for October"
    late_day = con.execute(
        f"select max(usage_date) from read_parquet('{later_export}/usage/*.parquet') "
        f"where ingestion_date > date '2026-10-31' and usage_date < date '2026-10-31'"
    ).fetchone()[0]

    incremental = DbtProject(small_export, tmp_path / "incremental")
    incremental.workdir.mkdir()
    _ok(incremental.dbt("build"), "first build")
    before = incremental.scalar("select count(*) from finops.fct_billing_usage")
    # a stored row of a day the later records touch, of a workload type no record has any
    # more: a slice the increment does not write, so only the pre-hook's delete of the
    # touched days removes it (the table comparison below fails if it stays)
    with duckdb.connect(str(incremental.db_path)) as db:
        db.execute(f"""
            insert into finops.fct_workload_cost_daily by name
            select * replace ('gone' as workload_type)
            from finops.fct_workload_cost_daily where usage_date = date '{late_day}' limit 1
        """)

    incremental.export_dir = later_export
    _ok(incremental.dbt("build"), "incremental build on the later export")
    assert _increment_mode(incremental) == "incremental"
    for model in INCREMENTAL_AGGREGATES:
        compiled = compiled_model(incremental, model)
        # the touched usage dates as a literal list, the job runs of newly loaded records, or
        # (fct_workload_cost_daily) the slices its pre-hooks deleted
        touched = (re.search(r" in \(\s*cast\('20\d\d-\d\d-\d\d' as date\)", compiled)
                   or "loaded_at > cast(" in compiled or " as stored_slices" in compiled)
        assert touched, f"{model} did not run incrementally"
    after = incremental.scalar("select count(*) from finops.fct_billing_usage")
    assert after > before

    full = DbtProject(later_export, tmp_path / "full")
    full.workdir.mkdir()
    _ok(full.dbt("build", "--full-refresh"), "full refresh on the later export")

    counts = assert_same_tables(incremental, full, MARTS + INCREMENTAL_AGGREGATES)
    assert counts["fct_billing_usage"] == after


def test_seed_change_recomputes_history_without_full_refresh(small_export, tmp_path):
    project_dir = copy_project(tmp_path / "project")
    incremental = DbtProject(small_export, tmp_path / "incremental", project_dir=project_dir)
    incremental.workdir.mkdir()
    _ok(incremental.dbt("build"), "first build")
    fingerprint_before = incremental.scalar("select min(config_fingerprint) from finops.fct_billing_usage")
    ml_before = incremental.scalar(
        "select count(*) from finops.fct_billing_usage where attribution_method = 'tag_rule' and cost_center_id = 'CC-3000'"
    )
    assert ml_before > 0, "the sample account should attribute some records by the team=ml tag rule"

    # a reorg: team=ml moves to Marketing Analytics for all of history
    seed = project_dir / "seeds" / "tag_cost_center_map.csv"
    text = seed.read_text()
    assert "team,ml,CC-3000,20,," in text
    seed.write_text(text.replace("team,ml,CC-3000,20,,", "team,ml,CC-2000,20,,"))

    _ok(incremental.dbt("build"), "incremental build after the seed change")
    assert _increment_mode(incremental) == "all records"
    assert incremental.scalar("select count(distinct config_fingerprint) from finops.fct_billing_usage") == 1
    assert incremental.scalar("select min(config_fingerprint) from finops.fct_billing_usage") != fingerprint_before
    assert incremental.scalar(
        "select count(*) from finops.fct_billing_usage where attribution_method = 'tag_rule' and cost_center_id = 'CC-3000'"
    ) < ml_before

    full = DbtProject(small_export, tmp_path / "full", project_dir=project_dir)
    full.workdir.mkdir()
    _ok(full.dbt("build", "--full-refresh"), "full refresh after the seed change")
    assert_same_tables(incremental, full, MARTS)

    # a further run with nothing changed is incremental again (the fingerprint is stable)
    _ok(incremental.dbt("run", "-s", "+fct_billing_usage"), "third run")
    assert _increment_mode(incremental) == "incremental"


def test_variable_change_recomputes_history(small_export, tmp_path):
    """cost_center_tag_keys decides attribution: changing it reprocesses all records."""
    project = DbtProject(small_export, tmp_path / "p")
    project.workdir.mkdir()
    _ok(project.dbt("seed"), "seed")
    _ok(project.dbt("run", "-s", "+fct_billing_usage"), "first run")
    tagged_before = project.scalar("select count(*) from finops.fct_billing_usage where attribution_method = 'tag'")
    assert tagged_before > 0
    _ok(
        project.dbt("run", "-s", "+fct_billing_usage", vars={"cost_center_tag_keys": ["nosuchkey"]}),
        "run with another cost_center_tag_keys",
    )
    assert _increment_mode(project) == "all records"
    assert project.scalar("select count(*) from finops.fct_billing_usage where attribution_method = 'tag'") == 0


def test_the_fact_alone_runs_incrementally(small_export, tmp_path):
    """The chain is ephemeral, so `-s fct_billing_usage` alone is a complete incremental run."""
    project = DbtProject(small_export, tmp_path / "p")
    project.workdir.mkdir()
    _ok(project.dbt("seed"), "seed")
    _ok(project.dbt("run", "-s", "+fct_billing_usage"), "first run")
    log = project.workdir / "logs" / "dbt.log"
    asked_before = log.read_text().count("as newest_write")
    _ok(project.dbt("run", "-s", "+fct_billing_usage"), "the chain again")
    # the new-record ids, the two intermediates that read them and the fact all need the
    # stored state; billing_usage_increment reads it once per invocation
    assert log.read_text().count("as newest_write") - asked_before == 1
    _ok(project.dbt("run", "-s", "fct_billing_usage"), "fact alone")
    assert _increment_mode(project) == "incremental"


def test_a_renamed_job_is_renamed_in_every_stored_run(small_export, tmp_path):
    """fct_job_run_cost and fct_workload_cost_daily are incremental: a run with no new record
    still rewrites the runs and the days of a renamed job."""
    project = DbtProject(small_export, tmp_path / "p")
    project.workdir.mkdir()
    names_on = {"enable_jobs_source": True}
    selection = ["--select", "+fct_job_run_cost", "+fct_workload_cost_daily", "+fct_chargeback_monthly"]
    _ok(project.dbt("seed"), "seed")
    _ok(project.dbt("run", *selection, vars=names_on), "first run")
    workspace_id, job_id, old_name, runs = project.query(
        "select workspace_id, job_id, max(job_name), count(*) from finops.fct_job_run_cost "
        "where job_name is not null group by 1, 2 order by 4 desc, 1, 2 limit 1"
    )[0]
    assert runs > 1

    # the same export, plus a later version of that job in system.lakeflow.jobs with a new name
    renamed = tmp_path / "renamed_export"
    renamed.mkdir()
    for table in small_export.iterdir():
        if table.name != "jobs":
            (renamed / table.name).symlink_to(table)
    (renamed / "jobs").mkdir()
    jobs = f"read_parquet('{small_export}/jobs/*.parquet')"
    duckdb.connect().execute(f"""
        copy (
            select * from {jobs}
            union all
            select * replace ('renamed nightly job' as name, change_time + interval 1 day as change_time)
            from {jobs}
            where workspace_id = '{workspace_id}' and job_id = '{job_id}'
            qualify row_number() over (order by change_time desc) = 1
        ) to '{renamed}/jobs/part-00000.parquet' (format parquet)
    """)

    days = project.scalar(
        f"select count(*) from finops.fct_workload_cost_daily "
        f"where workload_type = 'job' and workspace_id = '{workspace_id}' and workload_id = '{job_id}'"
    )
    assert days > 1

    # a stored endpoint row under a name that has since been resolved to its endpoint's id:
    # endpoint rows are written again on every run, so it is gone afterwards (the table
    # comparison with the full refresh below fails if it stays)
    with duckdb.connect(str(project.db_path)) as db:
        db.execute("""
            insert into finops.fct_workload_cost_daily by name
            select * replace ('name-since-resolved' as workload_id)
            from finops.fct_workload_cost_daily where workload_type = 'endpoint' limit 1
        """)

    project.export_dir = renamed
    _ok(project.dbt("run", *selection, vars=names_on), "run after the rename")
    compiled = compiled_model(project, "fct_job_run_cost")
    assert "fact_loaded_at > cast(" in compiled, "fct_job_run_cost did not run incrementally"
    assert " as stored_slices" in compiled_model(project, "fct_workload_cost_daily"), \
        "fct_workload_cost_daily did not run incrementally"
    names = project.query(
        f"select job_name, count(*) from finops.fct_job_run_cost "
        f"where workspace_id = '{workspace_id}' and job_id = '{job_id}' group by 1"
    )
    assert names == [("renamed nightly job", runs)], (old_name, names)
    day_names = project.query(
        f"select workload_name, count(*) from finops.fct_workload_cost_daily "
        f"where workload_type = 'job' and workspace_id = '{workspace_id}' and workload_id = '{job_id}' group by 1"
    )
    assert day_names == [("renamed nightly job", days)], (old_name, day_names)

    full = DbtProject(renamed, tmp_path / "full")
    full.workdir.mkdir()
    _ok(full.dbt("seed"), "seed")
    _ok(full.dbt("run", *selection, "--full-refresh", vars=names_on), "full refresh after the rename")
    assert_same_tables(project, full, ["fct_job_run_cost", "fct_workload_cost_daily"])
