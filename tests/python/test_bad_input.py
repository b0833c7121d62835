"""Bad input, end to end: every anomaly has a defined outcome, never a silent loss.

Each test copies the small sample export and rewrites one table's Parquet with DuckDB SQL
(schema kept exactly: checked with pyarrow). Anomalies whose outcomes do not interfere share
one export and one build; the failing cases get their own, selective builds. The outcomes
are the table in docs/data_quality.md.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import DbtProject

FCT = "finops.fct_billing_usage"
UNKNOWN_SKU = "PREMIUM_FUTURE_QUANTUM_COMPUTE_US_EAST"
GAP_SKU = "PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST"


def rewrite_table(export: Path, table: str, sql: str) -> None:
    """Replace export/table/*.parquet by the result of `sql` (which reads the view `src`)."""
    folder = export / table
    files = sorted(folder.glob("*.parquet"))
    schema = pq.read_schema(files[0])
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create view src as select * from read_parquet('{folder}/*.parquet')")
    out = folder.parent / f".{table}.parquet"
    con.execute(f"copy ({sql}) to '{out}' (format parquet)")
    con.close()
    for f in files:
        f.unlink()
    shutil.move(out, folder / "part-00000.parquet")
    new_schema = pq.read_schema(folder / "part-00000.parquet")
    assert [(f.name, str(f.type)) for f in new_schema] == [(f.name, str(f.type)) for f in schema], (
        f"rewriting {table} changed its schema"
    )


def copy_of(small_export: Path, dst: Path) -> Path:
    shutil.copytree(small_export, dst)
    return dst


def build(project: DbtProject, *args: str):
    return project.dbt("build", *args)


# --------------------------------------------------------------------------------------
# Anomalies that keep the build green (one export, one build)
# --------------------------------------------------------------------------------------
# Records are added as copies of one ORIGINAL JOBS record (`base`) with a new record_id and
# the fields the anomaly is about replaced; existing records are edited in place.
ADDED_USAGE = f"""
with base as (
    select * from src
    where record_type = 'ORIGINAL' and sku_name = 'PREMIUM_JOBS_COMPUTE' and usage_quantity > 0
      and usage_date = date '2026-10-10'
    order by record_id
    limit 1
),
orphan_correction as (
    -- a RETRACTION + RESTATEMENT whose ORIGINAL never arrived
    select * replace ('bad-orphan-retraction' as record_id, 'RETRACTION' as record_type,
                      -usage_quantity as usage_quantity, date '2026-10-20' as ingestion_date) from base
    union all
    select * replace ('bad-orphan-restatement' as record_id, 'RESTATEMENT' as record_type,
                      cast(usage_quantity / 2 as decimal(38, 18)) as usage_quantity, date '2026-10-20' as ingestion_date) from base
),
retraction_only as (
    -- a RETRACTION of an existing original, without its RESTATEMENT
    select * replace ('bad-retraction-only' as record_id, 'RETRACTION' as record_type,
                      -usage_quantity as usage_quantity, date '2026-10-21' as ingestion_date) from base
),
odd_tags as (
    -- cost-center tag keys spelled every which way, values in odd case and spacing
    select * exclude (n, tag_key, tag_value)
        replace ('bad-tag-' || k.n as record_id, map([k.tag_key], [k.tag_value]) as custom_tags) from base,
        (values (1, ' Cost_Center ', 'cc-2000'), (2, 'COST-CENTER', ' CC-3000 '), (3, 'cost.center', 'Cc-2000'),
                (4, 'costCenter', 'CC-9999')) as k(n, tag_key, tag_value)
),
no_tags as (
    select * replace ('bad-null-tags' as record_id, cast(null as map(varchar, varchar)) as custom_tags) from base
    union all
    select * replace ('bad-empty-tags' as record_id, cast(map() as map(varchar, varchar)) as custom_tags) from base
),
unknown_sku as (
    select * replace ('bad-unknown-sku' as record_id, '{UNKNOWN_SKU}' as sku_name) from base
),
ancient as (
    -- 2019: PREMIUM_JOBS_COMPUTE has a 2019 price (added to list_prices), SQL PRO has none
    select * replace ('bad-2019-priced' as record_id, usage_start_time - interval 2500 day as usage_start_time,
                      usage_end_time - interval 2500 day as usage_end_time,
                      cast(usage_date - interval 2500 day as date) as usage_date, date '2019-08-30' as ingestion_date) from base
    union all
    select * replace ('bad-2019-unpriced' as record_id, 'PREMIUM_SQL_PRO_COMPUTE_US_EAST' as sku_name,
                      usage_start_time - interval 2500 day as usage_start_time,
                      usage_end_time - interval 2500 day as usage_end_time,
                      cast(usage_date - interval 2500 day as date) as usage_date, date '2019-08-30' as ingestion_date) from base
)
select * from src
union all select * from orphan_correction
union all select * from retraction_only
union all select * from odd_tags
union all select * from no_tags
union all select * from unknown_sku
union all select * from ancient
"""

DOUBLED_PRICING = (
    "struct_pack(\"default\" := cast(pricing.\"default\" * 2 as decimal(38, 18)), "
    "promotional := pricing.promotional, "
    "effective_list := struct_pack(\"default\" := cast(pricing.effective_list.\"default\" * 2 as decimal(38, 18))))"
)

# list prices: a gap (the last price of GAP_SKU starts a week late), a 2019 price for
# PREMIUM_JOBS_COMPUTE, and EUR prices (overlapping the USD ones, and for one EUR-only SKU)
ALTERED_PRICES = f"""
with usd as (
    select * replace (
        case when sku_name = '{GAP_SKU}' and price_start_time = timestamptz '2026-10-01 00:00:00+00'
             then timestamptz '2026-10-08 00:00:00+00' else price_start_time end as price_start_time)
    from src
),
price_2019 as (
    select * replace (timestamptz '2019-01-01 00:00:00+00' as price_start_time,
                      timestamptz '2025-01-01 00:00:00+00' as price_end_time)
    from src where sku_name = 'PREMIUM_JOBS_COMPUTE'
),
eur as (
    -- EUR prices are twice the USD ones, so a record priced in EUR would show
    select * replace ('EUR' as currency_code, {DOUBLED_PRICING} as pricing) from src
    union all
    select * replace ('EUR' as currency_code, '{UNKNOWN_SKU}' as sku_name) from src
    where sku_name = 'PREMIUM_JOBS_COMPUTE'
)
select * from usd
union all select * from price_2019
union all select * from eur
"""


@pytest.fixture(scope="module")
def anomalies_built(small_export, tmp_path_factory):
    export = copy_of(small_export, tmp_path_factory.mktemp("bad") / "anomalies")
    rewrite_table(export, "usage", ADDED_USAGE)
    rewrite_table(export, "list_prices", ALTERED_PRICES)
    project = DbtProject(export, tmp_path_factory.mktemp("bad_build"))
    result = build(project)
    return project, result


def test_anomalies_build_succeeds_with_unpriced_warning(anomalies_built):
    project, result = anomalies_built
    assert result.ok, result.output[-4000:]
    # unknown SKU, price gap and the 2019 record without a price raise the warning test
    assert "WARN" in result.output and "unpriced_usage_found" in result.output


def test_no_record_is_lost(anomalies_built):
    project, _ = anomalies_built
    con = duckdb.connect()
    n_source = con.execute(f"select count(*) from read_parquet('{project.export_dir}/usage/*.parquet')").fetchone()[0]
    assert project.scalar(f"select count(*) from {FCT}") == n_source
    # conservation: the chargeback equals the priced net cost, month by month
    worst = project.scalar(
        f"""select max(abs(coalesce(f.net, 0) - coalesce(c.total, 0))) from
            (select billing_month, sum(net_cost_usd) as net from {FCT} where is_priced group by 1) as f
            full outer join (select billing_month, sum(total_chargeback_usd) as total
                             from finops.fct_chargeback_monthly group by 1) as c
            on f.billing_month = c.billing_month"""
    )
    assert worst <= 1e-6


def test_corrections_without_their_pair_are_kept_as_billed(anomalies_built):
    project, _ = anomalies_built
    rows = dict(
        project.query(
            f"select record_id, net_cost_usd from {FCT} "
            "where record_id in ('bad-orphan-retraction', 'bad-orphan-restatement', 'bad-retraction-only')"
        )
    )
    assert set(rows) == {"bad-orphan-retraction", "bad-orphan-restatement", "bad-retraction-only"}
    assert rows["bad-orphan-retraction"] < 0 and rows["bad-retraction-only"] < 0
    # an orphan pair nets to -1/2 of the (missing) original: kept, not "repaired"
    assert abs(rows["bad-orphan-retraction"] + 2 * rows["bad-orphan-restatement"]) < 1e-9


def test_odd_tag_spellings_attribute_and_unknown_values_are_flagged(anomalies_built):
    project, _ = anomalies_built
    rows = {
        r[0]: r[1:]
        for r in project.query(
            f"select record_id, attribution_method, cost_center_id, has_invalid_cost_center_tag, "
            f"invalid_cost_center_tag_value from {FCT} where record_id like 'bad-tag-%'"
        )
    }
    assert rows["bad-tag-1"][:2] == ("tag", "CC-2000")
    assert rows["bad-tag-2"][:2] == ("tag", "CC-3000")
    assert rows["bad-tag-3"][:2] == ("tag", "CC-2000")
    # unknown value: falls through to the next rule, flagged, and listed for the tag owner
    assert rows["bad-tag-4"][0] != "tag" and rows["bad-tag-4"][2] is True and rows["bad-tag-4"][3] == "CC-9999"
    assert project.scalar(
        "select count(*) from finops.rpt_untagged_workloads "
        "where issue = 'invalid_cost_center_tag' and invalid_cost_center_tag_value = 'CC-9999'"
    ) >= 1


def test_null_and_empty_tags_fall_through_to_other_rules(anomalies_built):
    project, _ = anomalies_built
    rows = project.query(
        f"select attribution_method, has_invalid_cost_center_tag from {FCT} "
        "where record_id in ('bad-null-tags', 'bad-empty-tags')"
    )
    assert len(rows) == 2
    assert all(method not in ("tag", "tag_rule") and not invalid for method, invalid in rows)


def test_unknown_sku_price_gap_and_ancient_usage_are_unpriced_and_reported(anomalies_built):
    project, _ = anomalies_built
    assert project.scalar(f"select is_priced from {FCT} where record_id = 'bad-unknown-sku'") is False
    assert project.scalar(
        f"select sum(record_count) from finops.rpt_unpriced_usage where sku_name = '{UNKNOWN_SKU}'"
    ) == 1
    gap = project.query(
        f"select count(*), count(*) filter (where is_priced) from {FCT} where sku_name = '{GAP_SKU}' "
        "and usage_end_time >= timestamptz '2026-10-01 00:00:00+00' and usage_end_time < timestamptz '2026-10-08 00:00:00+00'"
    )[0]
    assert gap[0] > 0 and gap[1] == 0
    assert project.scalar(
        f"select sum(record_count) from finops.rpt_unpriced_usage where sku_name = '{GAP_SKU}'"
    ) == gap[0]
    # 2019: priced where a 2019 price exists, unpriced (and listed) where none does; never dropped
    ancient = dict(project.query(f"select record_id, is_priced from {FCT} where record_id like 'bad-2019-%'"))
    assert ancient == {"bad-2019-priced": True, "bad-2019-unpriced": False}
    assert project.scalar(
        "select count(*) from finops.rpt_unpriced_usage where usage_date < date '2020-01-01'"
    ) == 1


def test_non_usd_prices_are_ignored(anomalies_built):
    project, _ = anomalies_built
    # the EUR price of the unknown SKU did not price it
    assert project.scalar(f"select count(*) from {FCT} where sku_name = '{UNKNOWN_SKU}' and is_priced") == 0
    # every priced record carries a USD price of its SKU (EUR prices are twice as high)
    assert project.scalar(
        f"""select count(*) from {FCT} as f where f.is_priced and not exists (
                select 1 from finops.stg_billing__list_prices as p
                where p.currency_code = 'USD' and p.sku_name = f.sku_name and p.unit_price = f.unit_price)"""
    ) == 0


# --------------------------------------------------------------------------------------
# Anomalies that must stop the build (own export and a selective build each)
# --------------------------------------------------------------------------------------
def test_duplicate_records_fail_the_build(small_export, tmp_path):
    export = copy_of(small_export, tmp_path / "dup")
    rewrite_table(export, "usage", "select * from src union all (select * from src order by record_id limit 3)")
    result = build(DbtProject(export, tmp_path / "b"), "-s", "stg_billing__usage")
    assert not result.ok
    assert "duplicate_billing_records_in_usage_source" in result.output
    assert "FAIL 3" in result.output  # the three duplicated record_ids


def test_overlapping_price_windows_fail_the_build(small_export, tmp_path):
    export = copy_of(small_export, tmp_path / "overlap")
    rewrite_table(
        export,
        "list_prices",
        "select * from src union all "
        "select * replace (timestamptz '2026-06-01 00:00:00+00' as price_start_time, "
        "cast(null as timestamptz) as price_end_time) from src where sku_name = 'PREMIUM_JOBS_COMPUTE'",
    )
    result = build(DbtProject(export, tmp_path / "b"), "-s", "stg_billing__list_prices")
    assert not result.ok
    assert "list_prices_windows_must_not_overlap" in result.output


def test_empty_export_builds_empty_marts(small_export, tmp_path):
    export = copy_of(small_export, tmp_path / "empty")
    rewrite_table(export, "usage", "select * from src where false")
    project = DbtProject(export, tmp_path / "b")
    result = build(project)
    assert result.ok, result.output[-4000:]
    for table in ("fct_billing_usage", "fct_showback_daily", "fct_chargeback_monthly", "rpt_tag_coverage_monthly"):
        assert project.scalar(f"select count(*) from finops.{table}") == 0, table


def test_an_export_too_large_for_the_machine_stops_before_any_work(small_export, tmp_path):
    """With too little memory and temporary disk for the export, the build stops at once and
    names the variables to raise, instead of spilling until the disk is full."""
    project = DbtProject(small_export, tmp_path / "b")
    result = project.dbt("build", env={"FINOPS_DUCKDB_MEMORY_LIMIT": "1MB", "FINOPS_DUCKDB_TEMP_LIMIT": "1MB"})
    assert not result.ok
    assert "usage records" in result.output
    assert "FINOPS_DUCKDB_TEMP_LIMIT" in result.output and "FINOPS_DUCKDB_MEMORY_LIMIT" in result.output
    assert not project.db_path.exists() or project.scalar(
        "select count(*) from information_schema.tables where table_schema = 'finops'"
    ) == 0, "nothing may be built"
