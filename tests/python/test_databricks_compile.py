"""Databricks compile check, offline: the project parses and compiles for the production
profile (profiles.example.yml, dummy credentials), and every compiled model is valid SQL for
sqlfluff's `databricks` dialect.

No workspace is reachable from CI, so dbt runs with the Databricks adapter stubbed at its
edges (`offline_compile`, below): the relation cache is empty, introspective queries return
no rows and opening a connection fails loudly. That is exactly a first deployment into an
empty schema: `is_incremental()` is false, the seed checks compile their queries.
(`dbt compile --no-introspect` is not enough: dbt then acquires no connection at all, and
`is_incremental()` and the seed checks need one.)

sqlfluff rules: compiled SQL is machine-made (macro whitespace, inlined CTEs), so layout,
capitalisation and style rules would only report dbt's rendering. The models' style is
linted on the source by the project's .sqlfluff (dialect duckdb, dbt templater). Here only
what can break on Databricks is checked: the compiled SQL must parse in the `databricks`
dialect (sqlfluff parse errors, with the raw templater; no lint rule is applied).

Run alone:  python -m pytest tests/python/test_databricks_compile.py
By hand:    python tests/python/test_databricks_compile.py --compile /tmp/dbx   (then read
            /tmp/dbx/target/compiled/...)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
DUMMY_ENV = {
    "DATABRICKS_HOST": "dbc-00000000-0000.cloud.databricks.com",
    "DATABRICKS_HTTP_PATH": "/sql/1.0/warehouses/0000000000000000",
    "DATABRICKS_TOKEN": "dapi-dummy-token-for-offline-compile",
    "FINOPS_CATALOG": "finops",
    "FINOPS_SCHEMA": "chargeback",
    "FINOPS_TARGET": "databricks",
}
# Production-like variables: grants to two groups, identities masked, every source on.
PRODUCTION_VARS = {
    "finance_group": "finops-finance",
    "bi_group": "finops-bi-readers",
    "mask_identities": True,
    "enable_account_prices": True,
    "enable_jobs_source": True,
    "enable_pipelines_source": True,
    "enable_warehouses_source": True,
    "enable_served_entities_source": True,
    "enable_endpoint_usage_source": True,
}


def offline_compile(workdir: Path, vars: dict) -> int:
    """`dbt compile` for the Databricks profile with the adapter stubbed (runs in-process)."""
    from dbt.adapters.contracts.connection import AdapterResponse
    from dbt.adapters.databricks.connections import DatabricksConnectionManager
    from dbt.adapters.databricks.impl import DatabricksAdapter
    from dbt.cli.main import dbtRunner
    from dbt_common.clients import agate_helper

    def no_connection(cls, connection):
        raise RuntimeError("offline compile: something tried to open a Databricks connection")

    DatabricksConnectionManager.open = classmethod(no_connection)
    DatabricksAdapter.list_relations_without_caching = lambda self, schema_relation: []
    DatabricksAdapter.get_columns_in_relation = lambda self, relation: []
    DatabricksAdapter.execute = lambda self, sql, auto_begin=False, fetch=False, limit=None, **kw: (
        AdapterResponse(_message="OFFLINE"),
        agate_helper.empty_table(),
    )

    profiles_dir = workdir / "profiles"
    profiles_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_DIR / "profiles.example.yml", profiles_dir / "profiles.yml")
    os.environ.update(DUMMY_ENV)
    os.environ.update(
        DBT_PROFILES_DIR=str(profiles_dir),
        DBT_TARGET_PATH=str(workdir / "target"),
        DBT_LOG_PATH=str(workdir / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_USE_COLORS="false",
        DBT_PARTIAL_PARSE="false",
    )
    os.chdir(PROJECT_DIR)
    result = dbtRunner().invoke(["compile", "--target", "databricks", "--vars", json.dumps(vars)])
    return 0 if result.success else 1


@pytest.fixture(scope="module")
def databricks_compiled(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    workdir = tmp_path_factory.mktemp("databricks_compile")
    proc = subprocess.run(
        [sys.executable, __file__, "--compile", str(workdir)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return workdir, proc


def _manifest(workdir: Path) -> dict:
    return json.loads((workdir / "target" / "manifest.json").read_text())


def test_project_compiles_for_databricks(databricks_compiled):
    workdir, proc = databricks_compiled
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    compiled = list((workdir / "target" / "compiled").rglob("*.sql"))
    assert compiled, "dbt compile wrote no SQL"


def test_sources_read_the_system_catalog(databricks_compiled):
    workdir, proc = databricks_compiled
    assert proc.returncode == 0, proc.stdout[-3000:]
    sources = _manifest(workdir)["sources"]
    usage = sources["source.finops_chargeback.billing.usage"]
    assert usage["relation_name"] == "`system`.`billing`.`usage`"
    # freshness is configured on system.billing.usage (dbt source freshness)
    assert usage["loaded_at_field"] == "usage_end_time"
    assert usage["freshness"]["error_after"]["count"]


def test_databricks_configs(databricks_compiled):
    workdir, proc = databricks_compiled
    assert proc.returncode == 0, proc.stdout[-3000:]
    nodes = _manifest(workdir)["nodes"]
    marts = {n["name"]: n for n in nodes.values() if n["resource_type"] == "model" and "marts" in n["fqn"]}
    assert marts
    for name, node in marts.items():
        assert node["config"]["grants"] == {"select": ["finops-finance", "finops-bi-readers"]}, name
        if node["config"]["materialized"] in ("table", "incremental"):
            assert node["config"]["file_format"] == "delta", name
    assert marts["fct_billing_usage"]["config"]["liquid_clustered_by"] == "usage_date"
    # the aggregates of the fact are incremental on Databricks too: delete+insert of the touched keys
    aggregates = {n["name"]: n for n in nodes.values() if n["resource_type"] == "model" and "aggregates" in n["fqn"]}
    incremental = [name for name, node in aggregates.items() if node["config"]["materialized"] == "incremental"]
    assert sorted(incremental) == ["agg_endpoint_costs_daily", "agg_job_run_costs", "agg_serverless_runs_hourly",
                                   "agg_tag_costs_daily", "agg_workload_costs_daily"]
    # so are the daily showback, the FOCUS export and the monthly tag reports
    for name in incremental + ["fct_showback_daily", "fct_focus_charges", "rpt_tag_coverage_monthly",
                               "rpt_untagged_workloads", "fct_job_run_cost"]:
        node = aggregates.get(name) or marts[name]
        assert node["config"]["materialized"] == "incremental", name
        assert node["config"]["incremental_strategy"] == "delete+insert", name
        assert node["config"]["liquid_clustered_by"] in ("usage_date", "job_run_id", "x_UsageDate", "billing_month"), name
    compiled = marts["fct_billing_usage"]["compiled_code"]
    assert "sha2(" in compiled, "mask_identities did not mask run_as/owned_by/created_by"


def test_compiled_models_parse_as_databricks_sql(databricks_compiled):
    workdir, proc = databricks_compiled
    assert proc.returncode == 0, proc.stdout[-3000:]
    from sqlfluff.core import FluffConfig, Linter

    config = FluffConfig(overrides={"dialect": "databricks", "templater": "raw"}, ignore_local_config=True)
    linter = Linter(config=config)
    models_dir = workdir / "target" / "compiled" / "finops_chargeback" / "models"
    # the models, and the data tests defined on them (compiled under <schema>.yml/)
    files = sorted(models_dir.rglob("*.sql"))
    assert files
    problems = []
    for path in files:
        parsed = linter.parse_string(path.read_text(), fname=str(path))
        for violation in parsed.violations:
            problems.append(f"{path.relative_to(models_dir)}:{violation.line_no}: {violation.desc()}")
    assert not problems, "compiled SQL does not parse as Databricks SQL:\n" + "\n".join(problems[:40])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--compile":
        sys.exit(offline_compile(Path(sys.argv[2]).resolve(), PRODUCTION_VARS))
    print(__doc__)
    sys.exit(2)
