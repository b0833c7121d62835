"""The Databricks bundle (databricks.yml + resources/*.yml), validated offline.

The Databricks CLI is not available here, so each job, dashboard and alert resource is
loaded into the typed models of the `databricks-bundles` package (`from_dict` rejects
unknown fields and wrong types), every `${var.*}` must be defined, every file a resource
points at must exist, and the job, dashboard and alerts must agree on where the marts are.
Every alert's query parses as Databricks SQL, and the budget and anomaly alerts, run on the
DuckDB build of the sample account (scale 1, as scripts/build.sh makes it), list exactly the
rows of the dbt warning test they stand for. The Genie space reads only public marts of the
bundle's catalog and schema, and its example queries parse as Databricks SQL and answer on
the sample build.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import DbtProject, generate_export

PROJECT_DIR = Path(__file__).resolve().parents[2]
BUNDLE = PROJECT_DIR / "databricks.yml"
VAR_REFERENCE = re.compile(r"\$\{var\.([A-Za-z_][\w-]*)\}")
# bundle alert -> (the dbt warning test tagged `alert` whose failing rows it must list, the key of a row)
MART_ALERTS = {
    "finops_budget_threshold_crossed": ("alert_budget_threshold_crossed", ["budget_id", "period_start"]),
    "finops_budget_forecast_over_top_threshold": ("alert_budget_forecast_over_top_threshold", ["budget_id", "period_start"]),
    "finops_cost_anomalies": ("alert_cost_anomalies_on_latest_complete_day", ["usage_date", "scope_type", "scope_value"]),
}
SAMPLE_VARS = {  # the optional sources scripts/build.sh switches on for the sample account
    "enable_jobs_source": True,
    "enable_pipelines_source": True,
    "enable_warehouses_source": True,
    "enable_served_entities_source": True,
    "enable_endpoint_usage_source": True,
}


def bundle() -> dict:
    return yaml.safe_load(BUNDLE.read_text(encoding="utf-8"))


def resource_files() -> list[Path]:
    files = []
    for pattern in bundle().get("include", []):
        matched = sorted(PROJECT_DIR.glob(pattern))
        assert matched, f"include {pattern!r} matches no file"
        files += matched
    return files


def resources() -> list[tuple[Path, str, str, dict]]:
    """(file, kind, key, definition) of every resource in databricks.yml and its includes."""
    found = []
    for path in [BUNDLE, *resource_files()]:
        for kind, items in (yaml.safe_load(path.read_text(encoding="utf-8")).get("resources") or {}).items():
            for key, value in (items or {}).items():
                found.append((path, kind, key, value))
    return found


def of_kind(kind: str) -> list[tuple[Path, str, dict]]:
    return [(path, key, value) for path, k, key, value in resources() if k == kind]


def public_marts() -> set[str]:
    return {p.stem for p in (PROJECT_DIR / "models" / "marts").rglob("*.sql") if p.stem.startswith(("fct_", "dim_", "rpt_"))}


def test_bundle_has_a_name_dev_and_prod_targets():
    doc = bundle()
    assert doc["bundle"]["name"] == "finops_chargeback"
    targets = doc["targets"]
    assert targets["dev"]["mode"] == "development" and targets["dev"].get("default") is True
    assert targets["prod"]["mode"] == "production"
    assert targets["prod"]["run_as"] == {"service_principal_name": "${var.service_principal}"}
    assert "host" not in json.dumps(doc.get("workspace", {})), "the workspace host comes from the CLI profile"


def test_deploys_a_job_a_dashboard_and_alerts():
    kinds = {kind for _, kind, _, _ in resources()}
    assert {"jobs", "dashboards", "alerts"} <= kinds
    assert kinds <= {"jobs", "dashboards", "alerts", "genie_spaces"}, f"unexpected resource kinds {kinds}"


def test_jobs_load_into_the_typed_model():
    from databricks.bundles.jobs import Job

    for path, key, value in of_kind("jobs"):
        job = Job.from_dict(value)
        assert job.tasks, f"{path.name}: job {key} has no task"


def test_dashboards_load_into_the_typed_model():
    from databricks.bundles.dashboards import Dashboard

    for path, key, value in of_kind("dashboards"):
        Dashboard.from_dict(value)


def test_alerts_load_into_the_typed_model():
    from databricks.bundles.alerts import Alert

    alerts = of_kind("alerts")
    assert alerts
    for path, key, value in alerts:
        Alert.from_dict(value)


def test_typed_models_reject_a_wrong_field():
    """The loading above is a real check: an unknown field or a wrong type is refused."""
    from databricks.bundles.dashboards import Dashboard
    from databricks.bundles.jobs import Job

    path, key, dashboard = of_kind("dashboards")[0]
    with pytest.raises(ValueError, match="Unexpected field"):
        Dashboard.from_dict({**dashboard, "dataset_catlog": "finops"})
    path, key, job = of_kind("jobs")[0]
    broken = json.loads(json.dumps(job))
    broken["tasks"][0]["dbt_task"]["commands"] = "dbt build"
    with pytest.raises(ValueError):
        Job.from_dict(broken)


def test_every_variable_reference_is_defined_and_every_variable_used():
    defined = bundle()["variables"]
    texts = {path.name: path.read_text(encoding="utf-8") for path in [BUNDLE, *resource_files()]}
    used = set()
    for name, text in texts.items():
        for variable in VAR_REFERENCE.findall(text):
            assert variable in defined, f"{name} uses ${{var.{variable}}}, not defined in databricks.yml"
            used.add(variable)
    assert set(defined) == used, f"variables defined but never used: {sorted(set(defined) - used)}"
    for name, variable in defined.items():
        assert variable.get("description"), f"variable {name} needs a description"
    for target in bundle()["targets"].values():
        for variable in target.get("variables", {}):
            assert variable in defined, f"a target sets undefined variable {variable}"


def test_referenced_files_exist():
    for path, key, dashboard in of_kind("dashboards"):
        file = (path.parent / dashboard["file_path"]).resolve()
        assert file.is_file(), f"dashboard {key}: {dashboard['file_path']} does not exist"
        assert file.name.endswith(".lvdash.json")
        json.loads(file.read_text(encoding="utf-8"))
    for path, key, job in of_kind("jobs"):
        for task in job["tasks"]:
            if "dbt_task" in task:
                project = (path.parent / task["dbt_task"]["project_directory"]).resolve()
                assert (project / "dbt_project.yml").is_file(), f"job {key}: no dbt project at {project}"
                assert (project / "packages.yml").is_file(), "`dbt deps` needs packages.yml"


def test_job_runs_the_production_commands_on_the_bundle_catalog_and_schema():
    (path, key, job), = of_kind("jobs")
    (dbt_task,) = [t["dbt_task"] for t in job["tasks"] if "dbt_task" in t]
    assert dbt_task["warehouse_id"] == "${var.warehouse_id}"
    assert (dbt_task["catalog"], dbt_task["schema"]) == ("${var.catalog}", "${var.schema}")
    commands = dbt_task["commands"]
    assert commands[:2] == ["dbt deps", "dbt source freshness"]
    build = commands[2]
    assert build.startswith("dbt build --exclude-resource-type unit_test")
    # what dbt receives once the bundle has put in the variables' values (it parses --vars as YAML)
    variables = bundle()["variables"]
    resolved = VAR_REFERENCE.sub(lambda m: str(variables[m.group(1)]["default"]), build)
    vars_ = yaml.safe_load(re.search(r"--vars '(\{.*\})'", resolved).group(1))
    assert vars_ == {"finance_group": variables["finance_group"]["default"], "bi_group": variables["bi_group"]["default"]}
    assert job["schedule"]["timezone_id"] == "UTC"


def test_dashboard_reads_where_the_job_writes():
    (path, key, dashboard), = of_kind("dashboards")
    assert (dashboard["dataset_catalog"], dashboard["dataset_schema"]) == ("${var.catalog}", "${var.schema}")
    assert dashboard["warehouse_id"] == "${var.warehouse_id}"
    assert dashboard["embed_credentials"] is False
    groups = {p["group_name"] for p in dashboard["permissions"]}
    assert groups == {"${var.finance_group}", "${var.bi_group}"}


def test_alerts_read_public_marts_in_the_bundle_schema():
    for path, key, alert in of_kind("alerts"):
        relations = re.findall(r"\bfrom\s+(\S+)", alert["query_text"], re.I)
        assert relations, key
        for relation in relations:
            prefix = "${var.catalog}.${var.schema}."
            assert relation.startswith(prefix), f"alert {key} reads {relation}, not a mart of this bundle"
            assert relation[len(prefix):] in public_marts(), f"alert {key} reads {relation}"
        assert alert["warehouse_id"] == "${var.warehouse_id}"
        assert alert["evaluation"]["source"]["name"] in alert["query_text"]


def test_no_credentials_or_hosts_in_the_bundle():
    for path in [BUNDLE, *resource_files()]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"dapi[0-9a-f]{16,}", text), f"{path.name} holds a token"
        assert not re.search(r"https://[\w.-]+\.(?:cloud\.databricks\.com|azuredatabricks\.net|gcp\.databricks\.com)", text), path.name


def alert_sql(alert: dict, prefix: str) -> str:
    """The alert's query with the bundle's catalog and schema replaced by `prefix`."""
    return alert["query_text"].replace("${var.catalog}.${var.schema}.", prefix)


def test_budget_and_anomaly_alerts_are_deployed():
    alerts = {key: alert for _, key, alert in of_kind("alerts")}
    assert set(MART_ALERTS) <= set(alerts), f"missing alerts: {sorted(set(MART_ALERTS) - set(alerts))}"
    for key in MART_ALERTS:
        evaluation = alerts[key]["evaluation"]
        # one row per budget or unusual scope: the alert fires when there is at least one
        assert evaluation["source"].get("aggregation") == "COUNT", key
        assert (evaluation["comparison_operator"], evaluation["threshold"]["value"]["double_value"]) == ("GREATER_THAN", 0)
        assert evaluation["empty_result_state"] == "OK", key


@pytest.mark.parametrize("key", sorted(key for _, key, _ in of_kind("alerts")))
def test_alert_query_parses_as_databricks_sql(key):
    import sqlfluff
    from sqlfluff.api.simple import APIParsingError

    (alert,) = [a for _, k, a in of_kind("alerts") if k == key]
    try:
        sqlfluff.parse(alert_sql(alert, "finops.chargeback."), dialect="databricks")
    except APIParsingError as exc:
        pytest.fail(f"alert {key} does not parse as Databricks SQL: {exc}")


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    """The sample account of scripts/build.sh (scale 1: budgets crossed, a runaway job on the last complete day)."""
    export = generate_export(tmp_path_factory.mktemp("bundle_sample_export") / "sample", scale=1.0)
    project = DbtProject(export, tmp_path_factory.mktemp("bundle_sample_build"))
    result = project.dbt("build", vars=SAMPLE_VARS)
    assert result.ok, result.output[-5000:]
    con = duckdb.connect(str(project.db_path), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("key", sorted(MART_ALERTS))
def test_mart_alert_lists_the_rows_of_its_dbt_warning_test(sample_build, key):
    (alert,) = [a for _, k, a in of_kind("alerts") if k == key]
    dbt_test, row_key = MART_ALERTS[key]
    relation = sample_build.sql(alert_sql(alert, "finops."))
    assert alert["evaluation"]["source"]["name"] in relation.columns, f"{key}: evaluation column not in the query's result"
    found = sorted(tuple(row[relation.columns.index(c)] for c in row_key) for row in relation.fetchall())
    stored = sorted(sample_build.execute(
        f"select {', '.join(row_key)} from finops_dbt_test__audit.{dbt_test}"
    ).fetchall())
    assert found, f"{key} flags nothing on the sample account, whose budgets and runaway job it should report"
    assert found == stored, f"{key} and the dbt test {dbt_test} disagree"


# ---- the Genie space ------------------------------------------------------------------------

HEX_ID = re.compile(r"[0-9a-f]{32}")


def public_mart_names() -> set[str]:
    """Models whose YAML says `access: public`."""
    names = set()
    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []:
            if (model.get("config") or {}).get("access") == "public":
                names.add(model["name"])
    return names


def genie_space() -> dict:
    (space,) = [value for _, _, value in of_kind("genie_spaces")]
    return space


def test_genie_space_loads_into_the_typed_model():
    from databricks.bundles.genie_spaces import GenieSpace

    space = GenieSpace.from_dict(genie_space())
    assert space.title and space.description
    assert genie_space()["warehouse_id"] == "${var.warehouse_id}" and space.warehouse_id is not None
    groups = {p["group_name"] for p in genie_space()["permissions"]}
    assert groups == {"${var.finance_group}", "${var.bi_group}"}


def test_genie_space_reads_public_marts_of_the_bundle_schema():
    serialized = genie_space()["serialized_space"]
    assert serialized["version"] == 2
    prefix = "${var.catalog}.${var.schema}."
    identifiers = [t["identifier"] for t in serialized["data_sources"]["tables"]]
    assert identifiers == sorted(identifiers), "tables sorted by identifier (as the Genie API returns them)"
    assert all(i.startswith(prefix) for i in identifiers), identifiers
    names = {i[len(prefix):] for i in identifiers}
    assert names <= public_mart_names(), f"not public marts: {sorted(names - public_mart_names())}"
    assert len(names) <= 25, "a Genie space holds at most 25 tables"
    assert all(t.get("description") for t in serialized["data_sources"]["tables"]), "every table is described"


def test_genie_space_items_have_sorted_unique_ids():
    serialized = genie_space()["serialized_space"]
    groups = {
        "sample_questions": serialized["config"]["sample_questions"],
        "text_instructions": serialized["instructions"]["text_instructions"],
        "example_question_sqls": serialized["instructions"]["example_question_sqls"],
    }
    ids = []
    for name, items in groups.items():
        assert items, f"{name} is empty"
        item_ids = [str(item["id"]) for item in items]
        assert all(HEX_ID.fullmatch(i) for i in item_ids), f"{name}: ids must be 32 lower-case hex digits"
        assert item_ids == sorted(item_ids), f"{name} must be sorted by id"
        ids += item_ids
    assert len(ids) == len(set(ids))
    assert len(groups["sample_questions"]) >= 5, "finance needs a few questions to start from"


def genie_examples() -> list[tuple[str, str]]:
    return [("".join(e["question"]), "".join(e["sql"])) for e in genie_space()["serialized_space"]["instructions"]["example_question_sqls"]]


@pytest.mark.parametrize("question, sql", genie_examples(), ids=[q for q, _ in genie_examples()])
def test_genie_example_query_parses_as_databricks_sql(question, sql):
    import sqlfluff
    from sqlfluff.api.simple import APIParsingError

    try:
        sqlfluff.parse(sql.replace("${var.catalog}.${var.schema}.", "finops.chargeback."), dialect="databricks")
    except APIParsingError as exc:
        pytest.fail(f"{question}: not Databricks SQL: {exc}")


@pytest.mark.parametrize("question, sql", genie_examples(), ids=[q for q, _ in genie_examples()])
def test_genie_example_query_answers_on_the_sample(sample_build, question, sql):
    tables = set(re.findall(r"\$\{var\.catalog\}\.\$\{var\.schema\}\.(\w+)", sql))
    identifiers = {t["identifier"] for t in genie_space()["serialized_space"]["data_sources"]["tables"]}
    assert {f"${{var.catalog}}.${{var.schema}}.{t}" for t in tables} <= identifiers, f"{question}: reads a table outside the space"
    rows = sample_build.sql(sql.replace("${var.catalog}.${var.schema}.", "finops.")).fetchall()
    assert rows, f"{question}: no answer on the sample account"
