"""Budgets, forecasts, commitments and anomalies (issue 13), end to end on DuckDB.

- The sample account (scale 1, as scripts/build.sh generates it, with every optional source
  switched on) is built once for this module: each injected event of the generator
  (function apply_demo_events, docs block `sample_account_events`) is flagged on its day and
  scope, and every other flagged row is explained by one of the sample's documented events
  (no false alarm at the default thresholds).
- Contradictory budgets and commitments fail the build, each with its named test and its
  rows stored.
- A late correction for a closed month changes that month's budget status on the next
  ordinary (incremental) build.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import DbtProject, copy_project, generate_export

SAMPLE_VARS = {
    "enable_jobs_source": True,
    "enable_pipelines_source": True,
    "enable_warehouses_source": True,
    "enable_served_entities_source": True,
    "enable_endpoint_usage_source": True,
}
SANDBOX = "8923457702611450"
ML_PROD = "7474650313055211"
RUNAWAY_JOB = "472345938892583"
NEW_ENDPOINT = "genai-assistant-gpu-ml"


def days(first: str, last: str) -> list[dt.date]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample account of scripts/build.sh (scale 1), built with its optional sources."""
    export = generate_export(tmp_path_factory.mktemp("sample_export") / "sample", scale=1.0)
    project = DbtProject(export, tmp_path_factory.mktemp("sample_build"))
    result = project.dbt("build", vars=SAMPLE_VARS)
    assert result.ok, result.output[-5000:]
    return project, result


def anomalies(project) -> list[tuple]:
    return project.query(
        "select usage_date, scope_type, scope_value, anomaly_type from finops.rpt_cost_anomalies"
    )


# ---------------------------------------------------------------------------------------
# Injected events are found, and nothing else
# ---------------------------------------------------------------------------------------
def test_runaway_job_is_a_spike_on_both_days(sample):
    project, _ = sample
    rows = set(anomalies(project))
    workload = f"{ML_PROD}/job/{RUNAWAY_JOB}"
    for day in days("2026-10-28", "2026-10-29"):
        assert (day, "workload", workload, "spike") in rows, day
    # the job is not flagged on any other day
    assert {r[0] for r in rows if r[2] == workload} == set(days("2026-10-28", "2026-10-29"))


def test_new_endpoint_is_new_spend_on_its_first_day(sample):
    project, _ = sample
    flagged = project.query(
        "select usage_date, scope_value, anomaly_type, is_new_spend, expected_cost_usd, score"
        f" from finops.rpt_cost_anomalies where scope_type = 'workload' and scope_name = '{NEW_ENDPOINT}'"
    )
    assert len(flagged) == 1, flagged
    usage_date, scope_value, anomaly_type, is_new_spend, expected, score = flagged[0]
    assert usage_date == dt.date(2026, 10, 15)
    assert scope_value.startswith(f"{ML_PROD}/endpoint/")
    assert (anomaly_type, is_new_spend, expected, score) == ("new_spend", True, 0, None)


def test_quiet_workspace_is_a_drop_every_day_of_its_week(sample):
    project, _ = sample
    rows = set(anomalies(project))
    for day in days("2026-09-14", "2026-09-20"):
        assert (day, "workspace", SANDBOX, "drop") in rows, day


def _scopes_of(project, where: str) -> set[tuple[str, str]]:
    """Every (scope_type, scope_value) that holds records of fct_billing_usage matching `where`."""
    rows = project.query(f"""
        select distinct
            unnest(['account', 'workspace', 'cost_center', 'billing_origin_product', 'sku_name', 'workload']),
            unnest(['all', workspace_id, cost_center_id, billing_origin_product, sku_name,
                    workspace_id || '/' || workload_type || '/' || workload_id])
        from finops.fct_billing_usage
        where {where}
    """)
    return {(r[0], r[1]) for r in rows}


def test_no_other_day_or_scope_is_flagged(sample):
    """Each flagged row lies in a documented event's days and in a scope holding its records."""
    project, _ = sample
    events = {
        # name: (days, scopes holding the event's records)
        "runaway job": (days("2026-10-28", "2026-10-29"), _scopes_of(project, f"job_id = '{RUNAWAY_JOB}'")),
        "new endpoint (first week)": (
            days("2026-10-15", "2026-10-21"), _scopes_of(project, f"endpoint_name = '{NEW_ENDPOINT}'")),
        "quiet sandbox-dev": (days("2026-09-14", "2026-09-20"), _scopes_of(project, f"workspace_id = '{SANDBOX}'")),
        # seeds: tag rule team=bi moves from CC-4000 to CC-5000 on 2026-10-01 (first week)
        "team=bi reorg": (days("2026-10-01", "2026-10-07"), {("cost_center", "CC-4000"), ("cost_center", "CC-5000")}),
    }
    unexplained = [
        row for row in anomalies(project)
        if not any(row[0] in event_days and (row[1], row[2]) in scopes for event_days, scopes in events.values())
    ]
    assert not unexplained, f"flagged outside the documented events: {unexplained}"
    # and each event is flagged at least once
    for name, (event_days, scopes) in events.items():
        assert any(r[0] in event_days and (r[1], r[2]) in scopes for r in anomalies(project)), name


def test_latest_day_anomaly_alert_lists_the_runaway_job(sample):
    project, result = sample
    assert "WARN" in result.output and "alert_cost_anomalies_on_latest_complete_day" in result.output
    stored = project.query(
        "select scope_value from finops_dbt_test__audit.alert_cost_anomalies_on_latest_complete_day"
    )
    assert (f"{ML_PROD}/job/{RUNAWAY_JOB}",) in stored


# ---------------------------------------------------------------------------------------
# Budgets, forecast, backtest and burn-down on the sample
# ---------------------------------------------------------------------------------------
def test_every_budget_has_a_status_for_the_last_month(sample):
    project, _ = sample
    budgets = {r[0] for r in project.query("select distinct budget_id from finops.dim_budgets")}
    october = dict(project.query(
        "select budget_id, status from finops.fct_budget_status"
        " where period_start <= date '2026-10-01' and period_end > date '2026-10-01'"
    ))
    assert set(october) == budgets
    assert set(october.values()) == {"under", "at_risk", "over"}, october
    # the sales-ops budget set for October is over: the team=bi reorg moved cost to CC-5000
    assert october["sales-ops-monthly"] == "over"
    # an as-of date two days before the last usage day
    assert project.scalar("select max(as_of_date) from finops.fct_budget_status") == dt.date(2026, 10, 29)


def test_quarter_and_year_actuals_add_up_their_months(sample):
    project, _ = sample
    months = dict(project.query(
        "select period_start, actual_cost_usd from finops.fct_budget_status where budget_id = 'account-monthly'"
    ))
    quarter = dict(project.query(
        "select period_start, actual_cost_usd from finops.fct_budget_status where budget_id = 'account-quarterly'"
    ))
    year = project.scalar("select actual_cost_usd from finops.fct_budget_status where budget_id = 'account-yearly'")
    assert abs(quarter[dt.date(2026, 7, 1)] - months[dt.date(2026, 8, 1)] - months[dt.date(2026, 9, 1)]) < 1e-6
    assert abs(quarter[dt.date(2026, 10, 1)] - months[dt.date(2026, 10, 1)]) < 1e-6
    assert abs(year - sum(months.values())) < 1e-6


def test_tag_budget_actual_equals_the_tagged_records(sample):
    """team=ml budget = net cost of the records tagged team=ml in any spelling (corrections included)."""
    project, _ = sample
    expected = dict(project.query("""
        select billing_month, sum(net_cost_usd) from (
            select distinct record_id, billing_month, net_cost_usd from (
                select record_id, billing_month, net_cost_usd, unnest(map_entries(custom_tags)) as tag
                from finops.fct_billing_usage where is_priced)
            where regexp_replace(lower(trim(tag.key)), '[_\\-\\. ]', '', 'g') = 'team'
              and lower(trim(tag.value)) = 'ml')
        where billing_month < date '2026-10-01'
        group by 1
    """))
    actual = dict(project.query(
        "select period_start, actual_cost_usd from finops.fct_budget_status"
        " where budget_id = 'team-ml-monthly' and is_closed_period"
    ))
    assert set(actual) == set(expected) and expected
    for month, value in expected.items():
        assert abs(actual[month] - value) < 1e-6, month


def test_forecast_covers_the_rest_of_the_month_and_the_next(sample):
    project, _ = sample
    first, last, n = project.query(
        "select min(forecast_date), max(forecast_date), count(*) from finops.fct_cost_forecast_daily"
        " where forecast_level = 'account'"
    )[0]
    assert (first, last, n) == (dt.date(2026, 10, 30), dt.date(2026, 11, 30), 32)
    levels = {r[0] for r in project.query("select distinct forecast_level from finops.fct_cost_forecast_daily")}
    assert {"account", "workspace", "cost_center"} <= levels


def test_backtest_has_every_level_month_and_forecast_day(sample):
    project, _ = sample
    rows = project.query(
        "select forecast_level, billing_month, forecast_day_of_month, min(level_abs_pct_error)"
        " from finops.rpt_forecast_backtest group by all"
    )
    keys = {(r[0], r[1], r[2]) for r in rows}
    for level in ("account", "workspace", "cost_center"):
        for month in (dt.date(2026, 8, 1), dt.date(2026, 9, 1)):
            for day in (7, 14, 21):
                assert (level, month, day) in keys
    # the account's month-end forecast on the 21st is within 5 % on this steady account
    assert max(r[3] for r in rows if r[0] == "account" and r[2] == 21) < 0.05


def test_commitment_burndown_projects_an_exhaustion_date(sample):
    project, _ = sample
    rows = project.query(
        "select usage_date, cumulative_cost_usd, projected_term_cost_usd, projected_exhaustion_date,"
        " projected_shortfall_usd, projected_overage_usd, amount_usd"
        " from finops.fct_commitment_burndown order by usage_date"
    )
    assert rows[0][0] == dt.date(2026, 8, 1) and rows[-1][0] == dt.date(2026, 10, 29)
    last = rows[-1]
    cumulative = project.scalar(
        "select sum(net_cost_usd) from finops.fct_showback_daily where usage_date <= date '2026-10-29'"
    )
    assert abs(last[1] - cumulative) < 1e-6
    assert last[3] is not None and last[3] > last[0]
    assert abs(last[2] + last[4] - last[5] - last[6]) < 1e-6


# ---------------------------------------------------------------------------------------
# Seed validation
# ---------------------------------------------------------------------------------------
BAD_BUDGETS = [
    "bad-cost-center,cost_center,CC-7777,month,100,1.0,,",
    "bad-workspace,workspace,1111111111111111,month,100,1.0,,",
    "bad-product,product,NOT_A_PRODUCT,month,100,1.0,,",
    "account-yearly,account,,year,1000,1.0,2026-06-01,",
    "bad-thresholds,account,,month,100,0.5;12,,",
    "bad-zero-threshold,account,,month,100,0;1.0,,",
    "bad-amount,account,,month,0,1.0,,",
    "bad-account-value,account,6051921418418893,month,100,1.0,,",
    "bad-tag,tag,team,month,100,1.0,,",
    "bad-period,account,,week,100,1.0,,",
]
BAD_COMMITMENTS = ["bad-commit,-5,2027-01-01,2026-01-01", "databricks-commit-2026,100,2026-01-01,2027-01-01"]


@pytest.fixture(scope="module")
def bad_seed_build(small_export, tmp_path_factory):
    project_dir = copy_project(tmp_path_factory.mktemp("bad_budgets") / "project")
    for seed, rows in (("budgets", BAD_BUDGETS), ("commitments", BAD_COMMITMENTS)):
        path = project_dir / "seeds" / f"{seed}.csv"
        path.write_text(path.read_text().rstrip("\n") + "\n" + "\n".join(rows) + "\n")
    project = DbtProject(small_export, tmp_path_factory.mktemp("bad_budgets_work"), project_dir=project_dir)
    result = project.dbt("build", "--select", "resource_type:seed")
    return project, result


def test_bad_budgets_fail_the_build(bad_seed_build):
    _, result = bad_seed_build
    assert not result.ok, result.output[-3000:]


@pytest.mark.parametrize(
    "failing_test, offending",
    [
        ("budgets_cost_center_is_known", "bad-cost-center"),
        ("budgets_workspace_is_known", "bad-workspace"),
        ("budgets_product_is_known", "bad-product"),
        ("budgets_windows_must_not_overlap", "account-yearly"),
        ("budgets_thresholds_are_shares_up_to_10", "bad-thresholds"),
        ("budgets_thresholds_are_shares_up_to_10", "bad-zero-threshold"),
        ("budgets_amount_is_positive", "bad-amount"),
        ("budgets_scope_value_matches_scope_type", "bad-account-value"),
        ("budgets_tag_is_key_equals_value", "bad-tag"),
        ("budgets_period_is_known", "bad-period"),
        ("commitments_amount_is_positive", "bad-commit"),
        ("commitments_term_is_a_window", "bad-commit"),
    ],
)
def test_each_bad_budget_is_named_with_its_rows(bad_seed_build, failing_test, offending):
    project, result = bad_seed_build
    assert any(failing_test in line and "FAIL" in line for line in result.output.splitlines()), result.output[-3000:]
    # the failing rows are stored for the run's report
    with duckdb.connect(str(project.db_path), read_only=True) as con:
        text = str(con.execute(f"select * from finops_dbt_test__audit.{failing_test}").fetchall())
    assert offending in text, text


def test_duplicate_commitment_fails(bad_seed_build):
    _, result = bad_seed_build
    assert any("unique_commitments_commitment_id" in line and "FAIL" in line for line in result.output.splitlines())


def test_valid_budget_seeds_pass(built_small):
    _, result = built_small
    assert result.ok, result.output[-3000:]
    for name in ("budgets_cost_center_is_known", "budgets_windows_must_not_overlap", "commitments_term_is_a_window"):
        assert any(name in line and "PASS" in line for line in result.output.splitlines()), name


# ---------------------------------------------------------------------------------------
# A late correction for a closed month changes its status on the next ordinary build
# ---------------------------------------------------------------------------------------
def _write_corrections(export_dir: Path, records: list[str], ingestion_date: dt.date) -> None:
    """RETRACTION and a zero RESTATEMENT of `records`, landing on `ingestion_date`."""
    ids = ", ".join(f"'{r}'" for r in records)
    usage = f"read_parquet('{export_dir}/usage/*.parquet')"
    out = export_dir / "usage" / "part-corrections.parquet"
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"""
            copy (
                select * exclude (kind) replace (
                    md5(record_id || kind) as record_id,
                    case kind when 'retraction' then -usage_quantity else usage_quantity * 0 end as usage_quantity,
                    case kind when 'retraction' then 'RETRACTION' else 'RESTATEMENT' end as record_type,
                    date '{ingestion_date}' as ingestion_date
                )
                from (select *, unnest(['retraction', 'restatement']) as kind from {usage} where record_id in ({ids}))
            ) to '{out}' (format parquet)
        """)


def test_late_correction_changes_a_closed_month_status(small_export, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(small_export, export)
    project_dir = copy_project(tmp_path / "project")
    project = DbtProject(export, tmp_path / "incremental", project_dir=project_dir)
    project.workdir.mkdir()
    assert project.dbt("build").ok

    # August's chargeback total, and the largest August records making up about a tenth of it
    august = project.scalar("select sum(total_chargeback_usd) from finops.fct_chargeback_monthly"
                            " where billing_month = date '2026-08-01'")
    records = project.query("""
        select record_id, net_cost_usd from finops.fct_billing_usage
        where billing_month = date '2026-08-01' and record_type = 'ORIGINAL' and is_priced
        order by net_cost_usd desc, record_id
    """)
    chosen, removed = [], 0
    for record_id, cost in records:
        if removed >= august / 10:
            break
        chosen.append(record_id)
        removed += cost
    amount = august - removed / 2  # over before the correction, under after it
    budgets = project_dir / "seeds" / "budgets.csv"
    budgets.write_text(budgets.read_text().splitlines()[0] + f"\ntest-august,account,,month,{amount:.2f},1.0,2026-08-01,2026-09-01\n")
    assert project.dbt("build", "--select", "budgets+").ok
    before = project.query("select status, actual_cost_usd from finops.fct_budget_status where budget_id = 'test-august'")
    assert before[0][0] == "over" and abs(before[0][1] - august) < 1e-6

    _write_corrections(export, chosen, dt.date(2026, 11, 1))
    assert project.dbt("build").ok
    compiled = next((project.workdir / "target" / "compiled").rglob("models/marts/core/fct_billing_usage.sql")).read_text()
    assert "ingestion_date >= cast(" in compiled, "the correction run was not an ordinary incremental run"
    after = project.query("select status, actual_cost_usd from finops.fct_budget_status where budget_id = 'test-august'")
    assert after[0][0] == "under"
    assert abs(after[0][1] - (august - removed)) < 1e-6
    # (test_incremental.py checks that every table, these marts included, equals a full refresh)
