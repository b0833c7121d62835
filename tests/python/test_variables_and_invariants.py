"""Every documented value of every variable builds, and the conservation tests can fail.

- The sample builds with the non-default value of every variable with a closed set of
  values (allocation method `even`, UNALLOCATED kept, identities masked, account prices,
  every optional source on), its unit tests pinning the variables they assume, and
  chargeback still reconciles to the bill.
- Each conservation data test fails when the mart it guards loses or gains a dollar (or a
  record): the tests compare independent computations, they do not restate the model.
"""
from __future__ import annotations

import shutil
from decimal import Decimal

import duckdb
from conftest import DbtProject

NON_DEFAULT_VARS = {
    "shared_cost_allocation_method": "even",
    "allocate_unallocated": False,
    "mask_identities": True,
    "enable_account_prices": True,
    "enable_workspaces_source": False,
    "enable_jobs_source": True,
    "enable_pipelines_source": True,
    "enable_warehouses_source": True,
    "enable_served_entities_source": True,
    "enable_endpoint_usage_source": True,
}


def test_non_default_variable_values_build_and_reconcile(small_export, tmp_path):
    project = DbtProject(small_export, tmp_path / "p")
    result = project.dbt("build", vars=NON_DEFAULT_VARS)
    assert result.ok, result.output[-4000:]
    assert "ERROR=0" in result.output
    rows = project.query(
        """
        select b.billing_month, b.total, c.total, c.unallocated_line
        from (select billing_month, sum(net_cost_usd) as total from finops.fct_billing_usage group by 1) b
        join (select billing_month, sum(total_chargeback_usd) as total,
                     sum(case when is_unallocated then total_chargeback_usd else 0 end) as unallocated_line
              from finops.fct_chargeback_monthly group by 1) c using (billing_month)
        """
    )
    assert len(rows) == 3
    for month, bill, charged, unallocated_line in rows:
        assert abs(bill - charged) < Decimal("1e-6"), month
        # allocate_unallocated false: UNALLOCATED keeps its own line
        assert unallocated_line > 0, month
    # mask_identities: no e-mail address left in the marts
    assert project.scalar("select count(*) from finops.fct_billing_usage where run_as like '%@%'") == 0
    # account prices priced some records
    assert project.scalar("select count(*) from finops.fct_billing_usage where net_price_source = 'account_price'") > 0


# (table, what to doctor, the conservation tests that must then fail)
DOCTORED = [
    ("fct_showback_daily", "set net_cost_usd = net_cost_usd + 1, record_count = record_count + 1",
     ["showback_net_cost_equals_billing_usage_per_day", "showback_record_count_equals_billing_usage_per_day",
      "chargeback_direct_cost_equals_showback_per_month"]),
    ("fct_chargeback_monthly", "set total_chargeback_usd = total_chargeback_usd + 1",
     ["chargeback_total_equals_billing_usage_net_cost_per_month"]),
    ("fct_workload_cost_daily", "set net_cost_usd = net_cost_usd + 1, record_count = record_count + 1",
     ["fct_workload_cost_daily_conserves_net_cost_per_month", "fct_workload_cost_daily_conserves_records_per_month"]),
    ("fct_job_run_cost", "set net_cost_usd = net_cost_usd + 1", ["fct_job_run_cost_conserves_job_run_net_cost"]),
    ("fct_model_serving_cost_daily", "set total_cost_usd = total_cost_usd + 1",
     ["fct_model_serving_cost_daily_conserves_serving_net_cost_per_month"]),
    ("agg_serverless_runs_hourly", "set net_cost_usd = net_cost_usd + 1, record_count = record_count + 1",
     ["agg_serverless_runs_hourly_conserves_serverless_net_cost", "agg_serverless_runs_hourly_conserves_serverless_records"]),
    ("fct_focus_charges", "set BilledCost = BilledCost + 1, ListCost = ListCost + 1",
     ["focus_billed_cost_equals_net_cost_of_billing_usage", "focus_billed_effective_and_contracted_cost_agree",
      "focus_list_cost_equals_list_cost_of_billing_usage"]),
]


def doctored_copy(built_small, workdir, *statements: str) -> DbtProject:
    """A copy of the sample build's database, changed by `statements`."""
    project, build = built_small
    assert build.ok, build.output[-3000:]
    copy = DbtProject(project.export_dir, workdir)
    workdir.mkdir()
    shutil.copy(project.db_path, copy.db_path)
    with duckdb.connect(str(copy.db_path)) as con:
        for statement in statements:
            con.execute(statement)
    return copy


def test_each_conservation_test_fails_when_its_mart_is_off(built_small, tmp_path):
    # one row of each guarded mart changed (the fact untouched, so each test fails for its own mart)
    copy = doctored_copy(built_small, tmp_path / "marts", *[
        f"update finops.{table} {change} where rowid = (select min(rowid) from finops.{table})"
        for table, change, _ in DOCTORED
    ])
    names = [name for *_, tests in DOCTORED for name in tests]
    # the row rules among them are scoped to rows written since the last fully tested run;
    # a row changed in place is seen by a run that tests everything (full_test_scope)
    result = copy.dbt("test", "--select", *names, vars={"full_test_scope": True})
    assert not result.ok
    for name in names:
        assert f"Failure in test {name} " in result.output, name


def test_a_record_missing_from_the_fact_fails_the_row_count_test(built_small, tmp_path):
    copy = doctored_copy(built_small, tmp_path / "fact",
                         "delete from finops.fct_billing_usage where rowid = (select min(rowid) from finops.fct_billing_usage)")
    result = copy.dbt("test", "--select", "fct_billing_usage_has_one_row_per_usage_record")
    assert not result.ok
    assert "Failure in test fct_billing_usage_has_one_row_per_usage_record " in result.output
