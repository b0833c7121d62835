"""End-to-end: `dbt build` of the small sample account on DuckDB, checked against the raw export."""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest


@pytest.fixture(scope="module")
def built(built_small):
    project, result = built_small
    assert result.ok, result.output[-5000:]
    return project, result


def raw(export_dir, sql: str):
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    sql = sql.replace("{usage}", f"read_parquet('{export_dir}/usage/*.parquet')").replace(
        "{list_prices}", f"read_parquet('{export_dir}/list_prices/*.parquet')"
    )
    return con.execute(sql).fetchall()


def test_build_passes_every_test_and_warns_about_unpriced_usage(built):
    _, result = built
    assert "ERROR=0" in result.output
    assert "WARN" in result.output and "unpriced_usage_found" in result.output


def test_no_record_lost_or_duplicated(built):
    project, _ = built
    expected = raw(project.export_dir, "select count(*), count(distinct record_id) from {usage}")[0]
    assert expected[0] == expected[1]
    assert project.scalar("select count(*) from finops.fct_billing_usage") == expected[0]
    assert project.scalar("select count(distinct record_id) from finops.fct_billing_usage") == expected[0]


def test_monthly_list_cost_equals_an_independent_computation(built):
    """The price join re-done by hand over the raw Parquet: totals agree to 1e-9 USD."""
    project, _ = built
    independent = dict(
        raw(
            project.export_dir,
            """
            select date_trunc('month', u.usage_date)::date,
                   sum(u.usage_quantity::decimal(38, 10) * coalesce(p.pricing.effective_list."default", p.pricing."default")::decimal(38, 10))
            from {usage} u join {list_prices} p
              on u.sku_name = p.sku_name and u.cloud = p.cloud and u.usage_unit = p.usage_unit
             and p.currency_code = 'USD'
             and u.usage_end_time >= p.price_start_time
             and (p.price_end_time is null or u.usage_end_time < p.price_end_time)
            group by 1
            """,
        )
    )
    modelled = dict(
        project.query("select billing_month, sum(list_cost_usd) from finops.fct_billing_usage group by 1")
    )
    assert modelled.keys() == independent.keys()
    for month, total in independent.items():
        assert abs(Decimal(modelled[month]) - Decimal(total)) < Decimal("1e-9"), month


def test_unpriced_usage_is_kept_flagged_and_reported(built):
    project, _ = built
    unpriced = project.query(
        "select sku_name, count(*) from finops.fct_billing_usage where not is_priced group by 1"
    )
    assert [sku for sku, _ in unpriced] == ["PREMIUM_AI_RUNTIME_SERVERLESS_GPU_COMPUTE_US_EAST"]
    raw_count = raw(
        project.export_dir,
        "select count(*) from {usage} where sku_name = 'PREMIUM_AI_RUNTIME_SERVERLESS_GPU_COMPUTE_US_EAST'",
    )[0][0]
    assert unpriced[0][1] == raw_count > 0
    assert project.scalar("select sum(record_count) from finops.rpt_unpriced_usage") == raw_count
    assert project.scalar(
        "select count(*) from finops.fct_billing_usage where not is_priced and net_cost_usd is not null"
    ) == 0


def test_messy_cost_center_tag_keys_normalise_to_one_key(built):
    """Every spelling of the cost-center key is read as the cost-center tag: its records are
    attributed by tag, or flagged as carrying an unknown cost-center value."""
    project, _ = built
    per_spelling = {
        key: (records, by_tag, unread)
        for key, records, by_tag, unread in project.query(
            """
            select
                tag_key,
                count(*),
                count(*) filter (where attribution_method = 'tag'),
                count(*) filter (where attribution_method != 'tag' and not has_invalid_cost_center_tag)
            from (
                select unnest(map_keys(custom_tags)) as tag_key, attribution_method, has_invalid_cost_center_tag
                from finops.fct_billing_usage
            )
            where lower(tag_key) like '%cost%'
            group by 1
            """
        )
    }
    spellings = {"CostCenter", "cost-center", "cost_center", "COST_CENTER", " Cost Center "}
    assert spellings <= set(per_spelling)
    for key in spellings:
        records, by_tag, unread = per_spelling[key]
        assert by_tag > 0, f"no record attributed through the tag key {key!r}"
        assert unread == 0, f"{unread} of {records} records with tag key {key!r} ignored their cost-center tag"


def test_every_attribution_method_occurs_and_each_record_has_one_cost_center(built):
    project, _ = built
    methods = {m for (m,) in project.query("select distinct attribution_method from finops.fct_billing_usage")}
    assert methods == {"tag", "tag_rule", "budget_policy", "resource", "identity", "workspace", "unallocated"}
    assert project.scalar("select count(*) from finops.fct_billing_usage where cost_center_id is null") == 0
    invalid = project.scalar(
        "select count(*) from finops.fct_billing_usage where has_invalid_cost_center_tag and attribution_method = 'tag'"
    )
    assert invalid == 0, "an unknown cost-center tag value must never attribute by tag"


def test_chargeback_reconciles_to_the_bill_every_month(built):
    project, _ = built
    rows = project.query(
        """
        select b.billing_month, b.total, c.total
        from (select billing_month, sum(net_cost_usd) as total from finops.fct_billing_usage group by 1) b
        join (select billing_month, sum(total_chargeback_usd) as total from finops.fct_chargeback_monthly group by 1) c
          using (billing_month)
        """
    )
    assert len(rows) == 3
    for month, bill, charged in rows:
        assert abs(bill - charged) < Decimal("1e-6"), month
    # once allocated, shared cost centers and UNALLOCATED carry nothing
    assert project.scalar(
        "select max(abs(total_chargeback_usd)) from finops.fct_chargeback_monthly where is_shared or is_unallocated"
    ) < Decimal("1e-6")


def test_corrections_net_to_the_restated_amount(built):
    """For every retracted record, ORIGINAL + RETRACTION + RESTATEMENT = RESTATEMENT in the marts."""
    project, _ = built
    corrections = project.scalar("select count(*) from finops.fct_billing_usage where record_type = 'RETRACTION'")
    assert corrections > 0
    # retractions exactly cancel their originals (same workload, hour, SKU and quantity)
    unmatched = project.scalar(
        """
        select count(*) from finops.fct_billing_usage r
        where r.record_type = 'RETRACTION' and not exists (
            select 1 from finops.fct_billing_usage o
            where o.record_type = 'ORIGINAL' and o.workspace_id = r.workspace_id and o.sku_name = r.sku_name
              and o.usage_start_time = r.usage_start_time and o.workload_id = r.workload_id
              and o.usage_quantity = -r.usage_quantity and o.net_cost_usd = -r.net_cost_usd
        )
        """
    )
    assert unmatched == 0


def test_tag_costs_equal_a_record_by_record_computation(built):
    """agg_tag_costs_daily (tag sets summed first, then exploded) equals exploding every record
    of fct_billing_usage on its own: per day and normalised tag, the same records, unpriced
    records and costs. A record with two spellings of one tag counts once."""
    project, _ = built
    per_record = """
        with tags as (
            select distinct
                record_id, usage_date, is_priced, list_cost_usd, net_cost_usd,
                regexp_replace(lower(trim(t.key)), '[_. -]', '', 'g') as tag_key,
                lower(trim(t.value)) as tag_value
            from finops.fct_billing_usage, unnest(map_entries(custom_tags)) as u(t)
        )
        select usage_date, tag_key, tag_value, count(*), count(*) filter (where not is_priced),
               coalesce(sum(list_cost_usd), 0), coalesce(sum(net_cost_usd), 0)
        from tags group by all
    """
    aggregated = """
        select usage_date, tag_key, tag_value, record_count, unpriced_record_count, list_cost_usd, net_cost_usd
        from finops.agg_tag_costs_daily
    """
    expected = {row[:3]: row[3:] for row in project.query(per_record)}
    actual = {row[:3]: row[3:] for row in project.query(aggregated)}
    assert len(expected) > 100 and actual.keys() == expected.keys()
    assert actual == expected
    # the sample carries the same tag spelled twice on one record: it counts once
    assert project.scalar("""
        select count(*) from finops.fct_billing_usage
        where len(map_keys(custom_tags)) > len(list_distinct(list_transform(
            map_keys(custom_tags), lambda k: regexp_replace(lower(trim(k)), '[_. -]', '', 'g'))))
    """) > 0
