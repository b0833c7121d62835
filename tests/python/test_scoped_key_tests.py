"""Key tests scoped by the tested watermark never miss a duplicate (docs block `incremental_runs`).

The expensive key tests check only what landed since the last fully tested run, against the
whole table. These tests add duplicates to an export that was built and fully tested:
- a duplicate landing in a run whose tests fail is caught again by the next run, because a
  failed run does not advance the watermark;
- a duplicate of an old record, copied into a new file with its old ingestion date, is
  caught (by the row count of the fact against the source), and by the scoped source test
  itself when the whole table is tested (`full_test_scope`); so is one copied into a new file
  with a new ingestion date, which the source test, checking the re-read window among
  itself, leaves to the fact;
- the key tests of the FOCUS export, fct_workload_cost_daily and fct_job_run_cost check the
  rows written since the watermark against the stored rows of their usage days (slices) or
  all stored runs;
- a run with nothing new writes no record and keeps the watermark; a passing run with new
  records advances it, and the next run's scoped tests start from it;
- the cost totals of the FOCUS export and of fct_showback_daily (and the showback's record
  counts), compared with the fact per usage date, are compared on the dates holding rows
  written since the watermark: a wrong total there fails, a date written before is left to a
  run that tests everything;
- the column tests (not_null, accepted_values) of the fact and the FOCUS export read the rows
  written since the watermark: a gap in such a row fails, a gap in a row written before is
  left to a run that tests everything.
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from conftest import DbtProject

WATERMARK = "select loaded_at, ingestion_date, config_fingerprint from finops.finops_tested_watermark"


def add_usage_file(export, name: str, sql: str) -> None:
    """Write the rows of `sql` (reading the view `src` of the export's usage) as a new Parquet file."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create view src as select * from read_parquet('{export}/usage/*.parquet')")
    out = export / "usage" / name
    con.execute(f"copy ({sql}) to '{out}' (format parquet)")
    con.close()


@pytest.fixture()
def tested_build(small_export, tmp_path):
    """A fully tested build of a copy of the sample export: the watermark is recorded."""
    export = tmp_path / "export"
    shutil.copytree(small_export, export)
    project = DbtProject(export, tmp_path / "work")
    result = project.dbt("build")
    assert result.ok, result.output[-3000:]
    assert "Tested watermark recorded" in result.output
    return project, project.query(WATERMARK)


def test_a_duplicate_in_a_failed_run_is_caught_again_by_the_next_run(tested_build):
    project, watermark = tested_build
    # a record delivered twice in a new file that lands after the watermark
    add_usage_file(project.export_dir, "late-duplicate.parquet", """
        select * replace (cast('2026-11-02' as date) as ingestion_date)
        from src where record_type = 'ORIGINAL' order by record_id limit 1
    """)
    add_usage_file(project.export_dir, "late-duplicate-again.parquet", """
        select * replace (cast('2026-11-02' as date) as ingestion_date)
        from src where record_type = 'ORIGINAL' order by record_id limit 1
    """)
    first = project.dbt("build")
    assert not first.ok
    assert "Failure in test duplicate_billing_records_in_usage_source " in first.output
    assert "Tested watermark kept" in first.output
    assert project.query(WATERMARK) == watermark, "a failed run must not advance the watermark"

    second = project.dbt("build")
    assert not second.ok
    assert "Failure in test duplicate_billing_records_in_usage_source " in second.output
    assert project.query(WATERMARK) == watermark


def test_a_copy_of_an_old_record_in_a_new_file_is_caught(tested_build):
    project, watermark = tested_build
    # the copy keeps its old ingestion date: it is not new to the incremental run
    add_usage_file(project.export_dir, "old-copy.parquet", """
        select * from src where record_type = 'ORIGINAL' and ingestion_date < date '2026-09-01'
        order by record_id limit 1
    """)
    result = project.dbt("build")
    assert not result.ok
    assert "Failure in test fct_billing_usage_has_one_row_per_usage_record " in result.output
    assert project.query(WATERMARK) == watermark
    # testing every row finds the duplicated id itself
    full = project.dbt("test", "--select", "duplicate_billing_records_in_usage_source",
                       vars={"full_test_scope": True})
    assert not full.ok
    assert "Failure in test duplicate_billing_records_in_usage_source " in full.output


def test_a_new_copy_of_an_old_record_is_caught_by_the_fact(tested_build):
    project, watermark = tested_build
    # the copy lands with a new ingestion date: the source test checks the re-read window
    # among itself (the original is older), so the fact must catch it
    add_usage_file(project.export_dir, "old-record-new-file.parquet", """
        select * replace (cast('2026-11-02' as date) as ingestion_date)
        from src where record_type = 'ORIGINAL' and ingestion_date < date '2026-09-01'
        order by record_id limit 1
    """)
    result = project.dbt("build")
    assert not result.ok
    assert "Failure in test fct_billing_usage_has_one_row_per_usage_record " in result.output
    assert "Failure in test duplicate_billing_records_in_usage_source " not in result.output
    assert project.query(WATERMARK) == watermark
    full = project.dbt("test", "--select", "duplicate_billing_records_in_usage_source",
                       vars={"full_test_scope": True})
    assert not full.ok
    assert "Failure in test duplicate_billing_records_in_usage_source " in full.output


@pytest.mark.parametrize("table, name, written", [
    # a FOCUS charge is written with its record's load time
    ("fct_focus_charges", "fct_focus_charges_record_id_is_unique", "x_FactLoadedAt"),
    # a workload row is written with the time of the run that wrote its slice
    ("fct_workload_cost_daily", "fct_workload_cost_daily_workload_day_is_unique", "written_at"),
    # a job run's row likewise, compared with all stored runs
    ("fct_job_run_cost", "fct_job_run_cost_job_run_id_is_unique", "written_at"),
    # a record is written with the time of the run that wrote it, compared with all stored records
    ("fct_billing_usage", "fct_billing_usage_record_id_is_unique", "loaded_at"),
])
def test_a_scoped_key_test_checks_the_rows_written_since_the_watermark(tested_build, table, name, written):
    project, watermark = tested_build
    stored = f"{written} <= timestamp '{watermark[0][0]}'"
    copy = f"insert into finops.{table} select * replace ({{written}} as {written}) " \
           f"from finops.{table} where rowid = (select min(rowid) from finops.{table} where {stored})"
    # a stored row copied as a row written after the watermark: same day, same key
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(copy.format(written=f"timestamp '{watermark[0][0]}' + interval 1 hour"))
    scoped = project.dbt("test", "--select", name)
    assert not scoped.ok
    assert "Got 1 result, configured to fail if != 0" in scoped.output
    # a copy among the rows written before the watermark is left to a full test
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"delete from finops.{table} where {written} > timestamp '{watermark[0][0]}'")
        con.execute(copy.format(written=written))
    assert project.dbt("test", "--select", name).ok
    full = project.dbt("test", "--select", name, vars={"full_test_scope": True})
    assert not full.ok
    assert "Got 1 result, configured to fail if != 0" in full.output
    if written == "written_at":
        # a row without written_at (a table built before the column) is always checked
        with duckdb.connect(str(project.db_path)) as con:
            con.execute(f"update finops.{table} set written_at = null "
                        f"where rowid = (select max(rowid) from finops.{table})")
        assert not project.dbt("test", "--select", name).ok


def test_the_fact_key_test_compares_numbers_then_ids(tested_build):
    project, watermark = tested_build
    name = "fct_billing_usage_record_id_is_unique"
    new = f"timestamp '{watermark[0][0]}' + interval 1 hour"
    first, second = "(select min(rowid) from finops.fct_billing_usage)", "(select max(rowid) from finops.fct_billing_usage)"
    # two new records whose ids differ but share a number (record_id_hash): not a duplicate
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"""
            insert into finops.fct_billing_usage
            select * replace (record_id || '-a' as record_id, {new} as loaded_at, 7 as record_id_hash)
            from finops.fct_billing_usage where rowid = {first}
            union all
            select * replace (record_id || '-b' as record_id, {new} as loaded_at, 7 as record_id_hash)
            from finops.fct_billing_usage where rowid = {second}
        """)
    result = project.dbt("test", "--select", name)
    assert result.ok, result.output[-3000:]
    compiled = next((project.workdir / "target" / "compiled").rglob(f"{name}.sql")).read_text()
    assert "repeated_numbers" in compiled and "loaded_at > cast(" in compiled
    # a new copy of a stored record without a number (a row written before the column
    # existed): the test compares the ids themselves and finds it
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"""
            insert into finops.fct_billing_usage
            select * replace ({new} as loaded_at, null as record_id_hash)
            from finops.fct_billing_usage where rowid = {first}
        """)
    result = project.dbt("test", "--select", name)
    assert not result.ok
    assert "Got 1 result, configured to fail if != 0" in result.output
    compiled = next((project.workdir / "target" / "compiled").rglob(f"{name}.sql")).read_text()
    assert "repeated_numbers" not in compiled


@pytest.mark.parametrize("table, column, written", [
    ("fct_focus_charges", "ServiceName", "x_FactLoadedAt"),
    ("fct_billing_usage", "workspace_id", "loaded_at"),
])
def test_a_column_test_of_an_incremental_table_checks_the_rows_written_since_the_watermark(
    tested_build, table, column, written
):
    project, watermark = tested_build
    name = f"not_null_{table}_{column}"
    one_row = f"rowid = (select min(rowid) from finops.{table})"
    # a stored row, written before the watermark, loses its value: left to a full test
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"update finops.{table} set {column} = null where {one_row}")
    assert project.dbt("test", "--select", name).ok
    full = project.dbt("test", "--select", name, vars={"full_test_scope": True})
    assert not full.ok
    assert "Got 1 result, configured to fail if != 0" in full.output
    # the same row as written after the watermark: the scoped test reads it and fails
    with duckdb.connect(str(project.db_path)) as con:
        con.execute(f"update finops.{table} set {written} = timestamp '{watermark[0][0]}' + interval 1 hour "
                    f"where {one_row}")
    scoped = project.dbt("test", "--select", name)
    assert not scoped.ok
    assert "Got 1 result, configured to fail if != 0" in scoped.output


def test_a_passing_run_advances_the_watermark_and_scopes_the_next_tests(tested_build):
    project, watermark = tested_build
    # nothing new: the run writes no record (stored records are immutable), the watermark stays
    rerun = project.dbt("build")
    assert rerun.ok, rerun.output[-3000:]
    assert project.query(WATERMARK) == watermark
    assert project.query("select max(loaded_at) from finops.fct_billing_usage")[0][0] == watermark[0][0]
    # the next day's records land: a passing run advances the watermark to them
    add_usage_file(project.export_dir, "next-day.parquet", """
        select * replace (record_id || '-next' as record_id, cast('2026-11-02' as date) as ingestion_date)
        from src where record_type = 'ORIGINAL' order by record_id limit 20
    """)
    result = project.dbt("build")
    assert result.ok, result.output[-3000:]
    advanced = project.query(WATERMARK)
    assert advanced[0][0] > watermark[0][0]
    assert str(advanced[0][1]) == "2026-11-02"
    assert project.scalar(f"select count(*) from finops.fct_billing_usage where loaded_at > timestamp '{watermark[0][0]}'") == 20
    compiled_dir = project.workdir / "target" / "compiled"
    for test, condition in (("fct_billing_usage_record_id_is_unique", "loaded_at > cast("),
                            ("fct_focus_charges_record_id_is_unique", "x_FactLoadedAt > cast("),
                            ("focus_list_unit_price_times_quantity_is_list_cost", "x_FactLoadedAt > cast("),
                            ("not_null_fct_focus_charges_BilledCost", "x_FactLoadedAt > cast("),
                            ("not_null_fct_billing_usage_record_id", "loaded_at > cast(")):
        compiled = next(compiled_dir.rglob(f"{test}.sql"))
        assert condition in compiled.read_text(), f"{test} did not use the watermark"


# (table, its column "written since", its usage date, what to change, the scoped sums tests)
SCOPED_SUMS = [
    ("fct_focus_charges", "x_FactLoadedAt", "x_UsageDate", "ListCost = ListCost + 1, BilledCost = BilledCost + 1",
     ["focus_list_cost_equals_list_cost_of_billing_usage", "focus_billed_cost_equals_net_cost_of_billing_usage"]),
    ("fct_showback_daily", "fact_loaded_at", "usage_date", "net_cost_usd = net_cost_usd + 1, record_count = record_count + 1",
     ["showback_net_cost_equals_billing_usage_per_day", "showback_record_count_equals_billing_usage_per_day"]),
]


@pytest.mark.parametrize("table, written, usage_date, change, names", SCOPED_SUMS)
def test_scoped_cost_totals_compare_the_dates_written_since_the_watermark(
    tested_build, table, written, usage_date, change, names
):
    project, watermark = tested_build
    add_usage_file(project.export_dir, "next-day.parquet", """
        select * replace (record_id || '-next' as record_id, cast('2026-11-02' as date) as ingestion_date)
        from src where record_type = 'ORIGINAL' and usage_date = date '2026-10-15'
        order by record_id limit 20
    """)
    # models only: no test runs, so the watermark stays where the tested build left it
    result = project.dbt("run")
    assert result.ok, result.output[-3000:]
    assert project.query(WATERMARK) == watermark
    new_row = f"{written} > timestamp '{watermark[0][0]}'"
    assert project.scalar(f"select count(distinct {usage_date}) from finops.{table} where {new_row}") == 1
    # the new rows agree with the fact before anything is changed
    clean = project.dbt("test", "--select", *names)
    assert clean.ok, clean.output[-3000:]
    # one new row and one row of a date written before are a dollar (and a record) off
    with duckdb.connect(str(project.db_path)) as con:
        for condition in (new_row, f"{usage_date} = date '2026-09-03'"):
            con.execute(f"""
                update finops.{table} set {change}
                where rowid = (select min(rowid) from finops.{table} where {condition})
            """)
    scoped = project.dbt("test", "--select", *names)
    assert not scoped.ok
    for name in names:
        assert f"Failure in test {name} (" in scoped.output, name
    # one date each: the new row's; the date written before is not compared
    assert scoped.output.count("Got 1 result, configured to fail if != 0") == 2, scoped.output[-3000:]
    # the date written before is compared by a run that tests everything
    full = project.dbt("test", "--select", *names, vars={"full_test_scope": True})
    assert not full.ok
    assert full.output.count("Got 2 results, configured to fail if != 0") == 2
