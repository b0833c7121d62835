"""Tests of scripts/generate_sample_account.py (the sample account generator)."""
from __future__ import annotations

import csv
import glob
import importlib.util
import os
import pathlib

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
_spec = importlib.util.spec_from_file_location("generate_sample_account", ROOT / "scripts" / "generate_sample_account.py")
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

TABLES = ["usage", "list_prices", "workspaces_latest", "account_prices", "jobs", "pipelines",
          "warehouses", "served_entities", "endpoint_usage"]

# ---------------------------------------------------------------------------------------
# Expected schemas, written out from the system tables spec
# ---------------------------------------------------------------------------------------
S = pa.string()
D = pa.decimal128(38, 18)
T = pa.timestamp("us", tz="UTC")
MD_FIELDS = [
    "cluster_id", "job_id", "warehouse_id", "instance_pool_id", "node_type", "job_run_id",
    "notebook_id", "dlt_pipeline_id", "endpoint_name", "endpoint_id", "dlt_update_id",
    "dlt_maintenance_id", "run_name", "job_name", "notebook_path", "central_clean_room_id",
    "source_region", "destination_region", "app_id", "app_name", "metastore_id",
    "private_endpoint_name", "storage_api_type", "budget_policy_id", "ai_runtime_pool_id",
    "ai_runtime_workload_id", "uc_table_catalog", "uc_table_schema", "uc_table_name",
    "database_instance_id", "sharing_materialization_id", "schema_id", "usage_policy_id",
    "base_environment_id", "agent_bricks_id", "index_id", "catalog_id",
]
EXPECTED_USAGE = pa.schema([
    ("record_id", S), ("account_id", S), ("workspace_id", S), ("sku_name", S), ("cloud", S),
    ("usage_start_time", T), ("usage_end_time", T), ("usage_date", pa.date32()),
    ("custom_tags", pa.map_(S, S)), ("usage_unit", S), ("usage_quantity", D),
    ("usage_metadata", pa.struct([(f, S) for f in MD_FIELDS])),
    ("identity_metadata", pa.struct([("run_as", S), ("owned_by", S), ("created_by", S)])),
    ("record_type", S), ("ingestion_date", pa.date32()), ("billing_origin_product", S),
    ("product_features", pa.struct([
        ("jobs_tier", S), ("sql_tier", S), ("dlt_tier", S), ("is_serverless", pa.bool_()),
        ("is_photon", pa.bool_()), ("serving_type", S),
        ("networking", pa.struct([("connectivity_type", S)])),
        ("ai_runtime", pa.struct([("compute_type", S)])),
        ("model_serving", pa.struct([("offering_type", S)])),
        ("performance_target", S),
    ])),
    ("usage_type", S),
])
EXPECTED_PRICES = pa.schema([
    ("price_start_time", T), ("price_end_time", T), ("account_id", S), ("sku_name", S),
    ("cloud", S), ("currency_code", S), ("usage_unit", S),
    ("pricing", pa.struct([
        ("default", D),
        ("promotional", pa.struct([("default", D)])),
        ("effective_list", pa.struct([("default", D)])),
    ])),
])
EXPECTED = {
    "usage": EXPECTED_USAGE,
    "list_prices": EXPECTED_PRICES,
    "account_prices": EXPECTED_PRICES,
    "workspaces_latest": pa.schema([
        ("account_id", S), ("workspace_id", S), ("workspace_name", S), ("workspace_url", S),
        ("create_time", T), ("status", S)]),
    "jobs": pa.schema([
        ("account_id", S), ("workspace_id", S), ("job_id", S), ("name", S), ("description", S),
        ("creator_id", S), ("run_as", S), ("change_time", T), ("delete_time", T)]),
    "pipelines": pa.schema([
        ("account_id", S), ("workspace_id", S), ("pipeline_id", S), ("name", S), ("create_time", T)]),
    "warehouses": pa.schema([
        ("account_id", S), ("workspace_id", S), ("warehouse_id", S), ("warehouse_name", S),
        ("owned_by", S), ("change_time", T), ("delete_time", T)]),
    "served_entities": pa.schema([
        ("served_entity_id", S), ("account_id", S), ("workspace_id", S), ("endpoint_name", S),
        ("endpoint_id", S), ("entity_type", S), ("entity_name", S), ("entity_version", S),
        ("created_by", S), ("change_time", T)]),
    "endpoint_usage": pa.schema([
        ("account_id", S), ("workspace_id", S), ("served_entity_id", S), ("request_time", T),
        ("requester", S), ("input_token_count", pa.int64()), ("output_token_count", pa.int64()),
        ("status_code", pa.int32())]),
}


# ---------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def default_export(tmp_path_factory):
    """The default account (what the seeds describe). A few seconds."""
    out = tmp_path_factory.mktemp("default")
    counts = gen.generate(str(out))
    return out, counts


def _small(tmp_path_factory, name, end):
    out = tmp_path_factory.mktemp(name)
    gen.generate(str(out), "2026-08-01", end, workspaces=2, scale=0.05, seed=7)
    return out


@pytest.fixture(scope="session")
def small_oct(tmp_path_factory):
    return _small(tmp_path_factory, "small_oct", "2026-10-31")


@pytest.fixture(scope="session")
def small_oct_again(tmp_path_factory):
    return _small(tmp_path_factory, "small_oct_again", "2026-10-31")


@pytest.fixture(scope="session")
def small_nov(tmp_path_factory):
    return _small(tmp_path_factory, "small_nov", "2026-11-10")


def read(out, table):
    return pa.concat_tables(pq.read_table(f) for f in sorted(glob.glob(os.path.join(str(out), table, "*.parquet"))))


@pytest.fixture(scope="session")
def con(default_export):
    out, _ = default_export
    c = duckdb.connect()
    c.execute(f"create view usage as select * from read_parquet('{out}/usage/*.parquet')")
    c.execute(f"create view list_prices as select * from read_parquet('{out}/list_prices/*.parquet')")
    c.execute("""
        create view priced as
        select u.*, p.sku_name is not null as is_priced,
               u.usage_quantity::double
                 * coalesce(p.pricing.effective_list.default, p.pricing.default)::double as list_cost
        from usage u
        left join list_prices p
          on u.sku_name = p.sku_name and u.cloud = p.cloud and u.usage_unit = p.usage_unit
         and p.currency_code = 'USD'
         and u.usage_end_time >= p.price_start_time
         and (p.price_end_time is null or u.usage_end_time < p.price_end_time)
    """)
    return c


# ---------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", TABLES)
def test_schema_matches_system_tables(default_export, table):
    out, counts = default_export
    files = sorted(glob.glob(os.path.join(str(out), table, "*.parquet")))
    assert files, f"no parquet files for {table}"
    for f in files:
        schema = pq.read_schema(f)
        assert schema.equals(EXPECTED[table], check_metadata=False), f"{table}: {schema}"
    assert counts[table] > 0


def test_default_volumes(default_export):
    _, counts = default_export
    assert 250_000 <= counts["usage"] <= 400_000
    assert 50_000 <= counts["endpoint_usage"] <= 150_000
    assert counts["workspaces_latest"] == 4


# ---------------------------------------------------------------------------------------
# Determinism and export semantics
# ---------------------------------------------------------------------------------------
def test_deterministic(small_oct, small_oct_again):
    for table in TABLES:
        assert read(small_oct, table).equals(read(small_oct_again, table)), table


def test_later_export_is_superset_with_late_corrections(small_oct, small_nov):
    c = duckdb.connect()
    c.execute(f"create view a as select * from read_parquet('{small_oct}/usage/*.parquet')")
    c.execute(f"create view b as select * from read_parquet('{small_nov}/usage/*.parquet')")
    # every record of the earlier export is in the later one, unchanged
    missing = c.execute("select count(*) from (select * from a except all select * from b)").fetchone()[0]
    assert missing == 0
    assert c.execute("select max(ingestion_date) from a").fetchone()[0].isoformat() <= "2026-10-31"
    late = c.execute("""
        select count(*) from b
        where record_type in ('RETRACTION', 'RESTATEMENT')
          and usage_date between date '2026-10-01' and date '2026-10-31'
          and record_id not in (select record_id from a)
    """).fetchone()[0]
    assert late > 0


# ---------------------------------------------------------------------------------------
# Realism
# ---------------------------------------------------------------------------------------
def test_record_types_and_corrections(con):
    types = {r[0] for r in con.execute("select distinct record_type from usage").fetchall()}
    assert types == {"ORIGINAL", "RETRACTION", "RESTATEMENT"}
    assert con.execute("select count(*) from usage where record_type='RETRACTION' and usage_quantity >= 0").fetchone()[0] == 0
    # each retraction negates an original with the same attributes and usage times
    unpaired = con.execute("""
        select count(*) from usage r
        where r.record_type = 'RETRACTION' and not exists (
            select 1 from usage o
            where o.record_type = 'ORIGINAL' and o.usage_quantity = -r.usage_quantity
              and o.workspace_id = r.workspace_id and o.sku_name = r.sku_name
              and o.usage_start_time = r.usage_start_time and o.usage_end_time = r.usage_end_time
              and o.usage_metadata = r.usage_metadata and o.ingestion_date < r.ingestion_date)
    """).fetchone()[0]
    assert unpaired == 0
    n_retr, n_rest = con.execute("""select count(*) filter (where record_type='RETRACTION'),
        count(*) filter (where record_type='RESTATEMENT') from usage""").fetchone()
    assert n_retr == n_rest > 0
    assert con.execute("select count(*) = count(distinct record_id) from usage").fetchone()[0]


def test_hourly_records(con):
    bad = con.execute("""select count(*) from usage
        where date_trunc('hour', usage_start_time) <> usage_start_time
           or usage_end_time <> usage_start_time + interval 1 hour
           or usage_date <> cast(usage_start_time at time zone 'UTC' as date)""").fetchone()[0]
    assert bad == 0


def test_serverless_runs_have_several_records_per_hour(con):
    per_run_hour, multi_hour_runs = con.execute("""
        with s as (
            select usage_metadata.job_run_id r, usage_start_time h, count(*) n
            from usage
            where sku_name = 'PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST' and billing_origin_product = 'JOBS'
              and product_features.is_serverless and record_type = 'ORIGINAL'
            group by all)
        select avg(n), (select count(*) from (select r from s group by r having count(*) > 1))
        from s""").fetchone()
    assert per_run_hour >= 2
    assert multi_hour_runs > 0
    share_policy = con.execute("""select avg((usage_metadata.budget_policy_id is not null)::int) from usage
        where product_features.is_serverless and billing_origin_product in ('JOBS', 'INTERACTIVE')""").fetchone()[0]
    assert share_policy > 0.5


def test_model_serving_rows(con):
    q = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    assert q("select count(*) from usage where sku_name like '%_INFERENCE_LAUNCH_%'") > 0
    assert q("select count(*) from usage where usage_type = 'TOKEN' and usage_unit = 'TOKEN'"
             " and product_features.serving_type = 'FOUNDATION_MODEL'") > 0
    assert q("select count(*) from usage where billing_origin_product = 'MODEL_SERVING'"
             " and usage_metadata.endpoint_name is not null and usage_metadata.endpoint_id is null") > 0
    assert q("select count(*) from usage where product_features.serving_type = 'GPU_MODEL'") > 0
    for bop in ["ALL_PURPOSE", "JOBS", "INTERACTIVE", "SQL", "DLT", "VECTOR_SEARCH",
                "DEFAULT_STORAGE", "NETWORKING", "APPS", "AI_RUNTIME"]:
        assert q(f"select count(*) from usage where billing_origin_product = '{bop}'") > 0, bop


def test_untagged_share_and_spend(con):
    share, per_day = con.execute("""
        select sum(list_cost) filter (where not coalesce(list_has_any(
                   list_transform(map_keys(custom_tags), lambda k: regexp_replace(lower(trim(k)), '[_\\-\\. ]', '', 'g')),
                   ['costcenter', 'team', 'project']), false)) / sum(list_cost),
               sum(list_cost) / count(distinct usage_date)
        from priced where is_priced""").fetchone()
    assert 0.20 <= share <= 0.40
    assert 1000 <= per_day <= 5000


def test_exactly_one_unpriced_sku(con):
    rows = con.execute("""select sku_name, min(usage_date), max(usage_date)
        from priced where not is_priced group by 1""").fetchall()
    assert len(rows) == 1
    sku, first, last = rows[0]
    assert sku == gen.UNPRICED_SKU
    assert first.isoformat() >= "2026-10-29"
    # every other SKU is priced, and each record gets at most one price
    assert con.execute("select count(*) from priced").fetchone()[0] == con.execute("select count(*) from usage").fetchone()[0]


def test_price_change_and_promotion(default_export):
    prices = read(default_export[0], "list_prices").to_pylist()
    jobs_sl = [p for p in prices if p["sku_name"] == "PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST"]
    assert len(jobs_sl) == 2 and sum(p["price_end_time"] is None for p in jobs_sl) == 1
    promo = [p for p in prices if p["pricing"]["promotional"]["default"] is not None]
    assert promo and all(p["pricing"]["effective_list"]["default"] < p["pricing"]["default"] for p in promo)
    account = read(default_export[0], "account_prices").to_pylist()
    assert len(account) == len(prices)
    for a, p in zip(account, prices):
        assert a["pricing"]["default"] < p["pricing"]["default"]


# ---------------------------------------------------------------------------------------
# Seeds describe the generated organisation
# ---------------------------------------------------------------------------------------
def _seed(name):
    with open(SEEDS / f"{name}.csv", newline="") as f:
        return list(csv.DictReader(f))


def _values(con, sql):
    return {r[0] for r in con.execute(sql).fetchall()}


def test_seed_ids_occur_in_generated_data(con):
    cost_centers = {r["cost_center_id"] for r in _seed("cost_centers")}
    assert "UNALLOCATED" not in cost_centers
    workspaces = _values(con, "select distinct workspace_id from usage")
    policies = _values(con, "select distinct usage_metadata.budget_policy_id from usage")
    principals = _values(con, """select distinct p from (
        select identity_metadata.run_as p from usage union select identity_metadata.owned_by from usage)""")
    for r in _seed("workspace_cost_center_map"):
        assert r["workspace_id"] in workspaces and r["cost_center_id"] in cost_centers
    assert len(_seed("workspace_cost_center_map")) == len(workspaces) - 1  # sandbox unmapped
    for r in _seed("budget_policy_cost_center_map"):
        assert r["budget_policy_id"] in policies and r["cost_center_id"] in cost_centers
    for r in _seed("identity_cost_center_map"):
        assert r["principal"] in principals and r["cost_center_id"] in cost_centers
    column = {"job": "job_id", "warehouse": "warehouse_id", "endpoint": "endpoint_id",
              "pipeline": "dlt_pipeline_id", "app": "app_id", "notebook": "notebook_id",
              "cluster": "cluster_id"}
    for r in _seed("resource_cost_center_map"):
        n = con.execute(f"select count(*) from usage where workspace_id = ? and usage_metadata.{column[r['resource_type']]} = ?",
                        [r["workspace_id"], r["resource_id"]]).fetchone()[0]
        assert n > 0, r
        assert r["cost_center_id"] in cost_centers
    tags = con.execute("""select distinct lower(trim(k)), lower(trim(v)) from (
        select unnest(map_keys(custom_tags)) k, unnest(map_values(custom_tags)) v from usage)""").fetchall()
    for r in _seed("tag_cost_center_map"):
        assert (r["tag_key"].lower(), r["tag_value"].lower()) in tags, r
        assert r["cost_center_id"] in cost_centers
    for r in _seed("shared_cost_allocation_weights"):
        assert r["shared_cost_center_id"] in cost_centers and r["target_cost_center_id"] in cost_centers


def test_cost_center_tag_spellings(con):
    keys = _values(con, "select distinct unnest(map_keys(custom_tags)) from usage")
    assert {"CostCenter", "cost-center", "cost_center", "COST_CENTER", " Cost Center "} <= keys
    values = _values(con, """select distinct custom_tags[k] from (
        select custom_tags, unnest(map_keys(custom_tags)) k from usage)
        where regexp_replace(lower(trim(k)), '[_\\-\\. ]', '', 'g') = 'costcenter'""")
    assert {"CC-9999", "marketing"} <= values
    assert any(v != v.strip() or v != v.upper() for v in values)
