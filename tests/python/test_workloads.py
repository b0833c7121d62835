"""End-to-end tests of the workload marts: serverless aggregation, job runs, model serving.

One build of the small sample account with every optional source on, then a rebuild of the
workload models with the optional sources off (the marts must still build).
"""
from __future__ import annotations

import pytest

ALL_SOURCES = dict(
    enable_jobs_source=True,
    enable_pipelines_source=True,
    enable_warehouses_source=True,
    enable_served_entities_source=True,
    enable_endpoint_usage_source=True,
)
WORKLOAD_MODELS = [
    "stg_lakeflow__jobs", "stg_lakeflow__pipelines", "stg_compute__warehouses",
    "stg_serving__served_entities", "stg_serving__endpoint_usage", "agg_endpoint_costs_resolved",
    "dim_workload_names", "agg_serverless_runs_hourly", "fct_workload_cost_daily",
    "fct_job_run_cost", "fct_model_serving_cost_daily",
]
SELECTOR = [f"+{m}" for m in ("agg_serverless_runs_hourly", "fct_workload_cost_daily",
                               "fct_job_run_cost", "fct_model_serving_cost_daily")]
TOL = 1e-6


@pytest.fixture(scope="module")
def built(small_export, tmp_path_factory):
    from conftest import DbtProject

    project = DbtProject(small_export, tmp_path_factory.mktemp("workloads"))
    # only the workload models and their parents, and only tests whose every parent is built
    result = project.dbt("build", "--select", *SELECTOR, "--indirect-selection", "cautious", vars=ALL_SOURCES)
    assert result.ok, result.output[-6000:]
    return Built(project)


class Built:
    """The built project; `finops.<model>` in SQL is qualified with the database's catalog
    (the DuckDB file is named like the schema, so a two-part name would be ambiguous)."""

    def __init__(self, project):
        self.project = project
        self.prefix = f"{project.db_path.stem}.finops."

    def _sql(self, sql: str) -> str:
        return sql.replace("finops.", self.prefix)

    def query(self, sql: str):
        return self.project.query(self._sql(sql))

    def scalar(self, sql: str):
        return self.project.scalar(self._sql(sql))

    def dbt(self, *args, **kwargs):
        return self.project.dbt(*args, **kwargs)


def test_serverless_records_aggregate_to_fewer_runs(built):
    raw = built.scalar("select count(*) from finops.fct_billing_usage where is_serverless")
    rows, summed = built.query(
        "select count(*), sum(record_count) from finops.agg_serverless_runs_hourly"
    )[0]
    assert raw > rows > 0
    assert summed == raw  # every serverless record is in exactly one run-hour


def test_run_count_never_counts_records(built):
    # a serverless job run writes several records a day: runs < records for serverless jobs
    runs, records = built.query(
        """select sum(run_count), sum(record_count) from finops.fct_workload_cost_daily
           where workload_type = 'job' and is_serverless"""
    )[0]
    assert 0 < runs < records
    distinct_runs = built.scalar(
        """select count(distinct workspace_id || '/' || job_run_id) from finops.fct_billing_usage
           where job_run_id is not null"""
    )
    assert built.scalar("select count(*) from finops.fct_job_run_cost") == distinct_runs


@pytest.mark.parametrize("model, column, where", [
    ("fct_workload_cost_daily", "net_cost_usd", "is_priced"),
    ("fct_job_run_cost", "net_cost_usd", "is_priced and job_run_id is not null"),
    ("fct_model_serving_cost_daily", "total_cost_usd", "is_priced and billing_origin_product = 'MODEL_SERVING'"),
])
def test_conservation_per_month(built, model, column, where):
    diffs = built.query(f"""
        with a as (select billing_month, sum({column}) as total from finops.{model} group by 1),
        b as (select billing_month, sum(net_cost_usd) as total from finops.fct_billing_usage
              where {where} group by 1)
        select coalesce(a.billing_month, b.billing_month), a.total, b.total
        from a full outer join b on a.billing_month = b.billing_month
        where abs(coalesce(a.total, 0) - coalesce(b.total, 0)) > {TOL}
    """)
    if model == "fct_job_run_cost":
        # a run is booked in the month it started; compare the grand total instead
        a = built.scalar(f"select sum({column}) from finops.{model}")
        b = built.scalar(f"select sum(net_cost_usd) from finops.fct_billing_usage where {where}")
        assert abs(a - b) <= TOL
    else:
        assert diffs == []


def test_model_serving_split_and_requests(built):
    launch, inference, token, total, requests, tokens = built.query(
        """select sum(launch_cost_usd), sum(inference_cost_usd), sum(token_cost_usd),
                  sum(total_cost_usd), sum(request_count), sum(input_tokens + output_tokens)
           from finops.fct_model_serving_cost_daily"""
    )[0]
    assert launch > 0 and inference > 0 and token > 0
    assert abs(launch + inference + token - total) <= TOL
    assert requests > 0 and tokens > 0
    # token cost only on foundation model rows, cost per million tokens where tokens exist
    assert built.scalar(
        """select count(*) from finops.fct_model_serving_cost_daily
           where token_cost_usd <> 0 and serving_type <> 'FOUNDATION_MODEL'"""
    ) == 0
    assert built.scalar(
        """select count(*) from finops.fct_model_serving_cost_daily
           where input_tokens > 0 and cost_per_million_tokens_usd is null"""
    ) == 0


def test_name_only_endpoint_records_join_their_endpoint(built):
    # the sample has serving records carrying only endpoint_name
    assert built.scalar(
        """select count(*) from finops.fct_billing_usage
           where billing_origin_product = 'MODEL_SERVING' and endpoint_id is null"""
    ) > 0
    endpoints, ids = built.query(
        """select count(distinct endpoint), count(distinct endpoint_id)
           from finops.fct_model_serving_cost_daily"""
    )[0]
    assert endpoints == ids
    assert built.scalar(
        "select count(*) from finops.fct_model_serving_cost_daily where endpoint_id is null"
    ) == 0


def test_names_from_optional_sources(built):
    missing = built.query(
        """select workload_type, count(*) from finops.fct_workload_cost_daily
           where workload_type in ('job', 'pipeline', 'warehouse', 'endpoint') and workload_name is null
           group by 1"""
    )
    assert missing == []


def test_marts_build_with_optional_sources_off(built):
    result = built.dbt("build", "--select", *WORKLOAD_MODELS, "--indirect-selection", "cautious")
    assert result.ok, result.output[-6000:]
    assert built.scalar(
        "select count(*) from finops.fct_model_serving_cost_daily where request_count is not null"
    ) == 0
    assert built.scalar(
        "select count(*) from finops.fct_job_run_cost where job_name is not null"
    ) == 0
    assert built.scalar(
        "select count(*) from finops.fct_workload_cost_daily"
        " where workload_type in ('job', 'pipeline', 'warehouse') and workload_name is not null"
    ) == 0
    assert built.scalar("select count(*) from finops.fct_workload_cost_daily") > 0
