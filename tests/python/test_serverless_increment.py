"""agg_serverless_runs_hourly adds a day's new records to its stored run-hours.

When every record loaded since its last run is an addition (macro fact_increment_is_additive),
the aggregate sums the new records per run-hour and cost center and adds them to the stored
rows; it reads the earlier records only of touched run-hours with several cost centers. These
tests build a copy of the sample export, add records that land in stored run-hours, and check
that the result equals a full refresh row by row, including a run-hour whose dominant cost
center changes and one that already had two cost centers. A record that replaces a stored one
(a duplicate of an old record) is not an addition: the touched days are deleted and aggregated
again, so a stored run-hour of those days that lost its records does not stay.

See the docs block `incremental_runs` (docs/incremental.md).
"""
from __future__ import annotations

import shutil

import duckdb

from conftest import DbtProject
from test_incremental import _ok, assert_same_tables, compiled_model

MODEL = "agg_serverless_runs_hourly"
# with the monthly chargeback, which assert_same_tables also compares per month
SELECT = ("--select", f"+{MODEL}", "+fct_chargeback_monthly")
RUN_HOUR = ["workspace_id", "workload_type", "workload_id", "run_id", "usage_hour"]
# the same run-hour (run_id is null for run-less work)
SAME_RUN_HOUR = " and ".join(f"agg.{column} is not distinct from records.{column}" for column in RUN_HOUR)
# the fact's records with the run-hour of the aggregate
RECORDS = (
    "select *, coalesce(job_run_id, dlt_update_id) as run_id, date_trunc('hour', usage_start_time) as usage_hour "
    "from finops.fct_billing_usage where is_serverless"
)


def add_usage_file(export, name: str, sql: str) -> None:
    """Write the rows of `sql` (reading the view `src` of the export's usage) as a new Parquet file."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create view src as select * from read_parquet('{export}/usage/*.parquet')")
    con.execute(f"copy ({sql}) to '{export / 'usage' / name}' (format parquet)")
    con.close()


def run_hour_of(project: DbtProject, record_id: str) -> tuple:
    """(record count, cost center count, cost center) of the stored run-hour of a record."""
    return project.query(
        f"select agg.record_count, agg.cost_center_count, agg.cost_center_id "
        f"from finops.{MODEL} as agg inner join ({RECORDS}) as records on {SAME_RUN_HOUR} "
        f"where records.record_id = '{record_id}'"
    )[0]


def test_new_records_add_to_stored_run_hours_as_a_full_refresh_would(small_export, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(small_export, export)
    project = DbtProject(export, tmp_path / "incremental")
    project.workdir.mkdir()
    _ok(project.dbt("seed"), "seed")
    _ok(project.dbt("run", *SELECT), "first run")

    # a job record attributed by its tag, alone in its run-hour's cost center
    flipped, flipped_center = project.query(
        f"select records.record_id, records.cost_center_id from ({RECORDS}) as records "
        f"inner join finops.{MODEL} as agg on {SAME_RUN_HOUR} "
        f"where records.workload_type = 'job' and records.attribution_method = 'tag' and agg.cost_center_count = 1 "
        f"order by records.record_id limit 1"
    )[0]
    # the tags of a record attributed by tag to another cost center
    tagged, other_center = project.query(
        f"select record_id, cost_center_id from finops.fct_billing_usage "
        f"where attribution_method = 'tag' and cost_center_id != '{flipped_center}' order by record_id limit 1"
    )[0]
    # a record of a run-hour that already has two cost centers
    shared = project.scalar(
        f"select min(records.record_id) from ({RECORDS}) as records "
        f"inner join finops.{MODEL} as agg on {SAME_RUN_HOUR} where agg.cost_center_count > 1"
    )
    assert shared is not None, "the sample should hold a serverless run-hour with two cost centers"
    flipped_before, shared_before = run_hour_of(project, flipped), run_hour_of(project, shared)

    # late records of those run-hours: the first tagged for the other cost center and costing
    # 100 times as much (its cost center becomes the run-hour's), the second as it was
    add_usage_file(export, "late-records.parquet", f"""
        select * replace (
            record_id || '-late' as record_id,
            cast('2026-11-02' as date) as ingestion_date,
            (select custom_tags from src where record_id = '{tagged}') as custom_tags,
            usage_quantity * 100 as usage_quantity
        )
        from src where record_id = '{flipped}'
        union all
        select * replace (record_id || '-late' as record_id, cast('2026-11-02' as date) as ingestion_date)
        from src where record_id = '{shared}'
    """)
    _ok(project.dbt("run", *SELECT), "run with the late records")
    assert "touched_stored_run_hours" in compiled_model(project, MODEL), "the late records were not added to the stored rows"
    assert run_hour_of(project, flipped) == (flipped_before[0] + 1, 2, other_center), flipped_before
    # one more record, still two cost centers (which one leads: compared with the full refresh)
    assert run_hour_of(project, shared)[:2] == (shared_before[0] + 1, shared_before[1]), shared_before

    full = DbtProject(export, tmp_path / "full")
    full.workdir.mkdir()
    _ok(full.dbt("seed"), "seed")
    _ok(full.dbt("run", *SELECT, "--full-refresh"), "full refresh")
    assert_same_tables(project, full, [MODEL])

    # a duplicate of an old record, landing after the lookback window: the fact replaces the
    # stored record by it, so the day is aggregated again instead (nothing counted twice), and
    # the pre-hook deletes the day first: a stored run-hour of that day whose records are gone
    # (here a planted one) does not stay
    old, old_date = project.query(
        "select record_id, usage_date from finops.fct_billing_usage "
        "where is_serverless and ingestion_date < date '2026-09-01' order by record_id limit 1"
    )[0]
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"""
            insert into finops.{MODEL} by name
            select * replace ('stale-workload' as workload_id, 'stale-key' as run_hour_key)
            from finops.{MODEL} where usage_date = date '{old_date}' limit 1
        """)
    add_usage_file(export, "old-duplicate.parquet", f"""
        select * replace (cast('2026-11-03' as date) as ingestion_date) from src where record_id = '{old}'
    """)
    records_before = project.scalar("select count(*) from finops.fct_billing_usage")
    _ok(project.dbt("run", *SELECT), "run with the duplicate")
    assert "touched_stored_run_hours" not in compiled_model(project, MODEL), "a replaced record was added to the stored rows"
    assert project.scalar("select count(*) from finops.fct_billing_usage") == records_before
    assert project.scalar(f"select count(*) from finops.{MODEL} where workload_id = 'stale-workload'") == 0
    assert project.query(
        "select count(*) from finops.fct_billing_usage where is_serverless"
    ) == project.query(f"select cast(sum(record_count) as bigint) from finops.{MODEL}")


def test_a_table_built_before_its_key_existed_stops_with_the_command_to_run(small_export, tmp_path):
    project = DbtProject(small_export, tmp_path / "old-table")
    project.workdir.mkdir()
    _ok(project.dbt("seed"), "seed")
    _ok(project.dbt("run", *SELECT), "first run")
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"alter table finops.{MODEL} drop column run_hour_key")
    result = project.dbt("run", "--select", MODEL)
    assert not result.ok
    assert f"dbt build --full-refresh --select {MODEL}+" in result.output, result.output[-2000:]
