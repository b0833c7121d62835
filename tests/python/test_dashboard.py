"""The AI/BI dashboard: one definition, on Databricks and offline.

dashboards/finops_chargeback.lvdash.json is deployed by the bundle and rendered offline by
scripts/render_dashboard.py. These tests check that its datasets read only the public
marts by bare name, parse as Databricks SQL and return rows on the DuckDB build of the
sample, that every widget's fields exist, that the offline page renders in a real
browser (headless Chromium) with no console error and no network request, and that the
numbers it shows equal the marts. Screenshots of every page go to
target/dashboard/screenshots/. (The datasets also run on Spark: test_spark.py.)

The browser tests need Debian's `chromium` (apt-get install -y chromium); Playwright drives
it from /usr/bin/chromium (no browser download). Without it they are skipped with that
message, except under CI (CI or FINOPS_REQUIRE_BROWSER set, as .ci/run does), where they fail.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import re
import shutil
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

import render_dashboard  # scripts/ is on sys.path (conftest.py)

PROJECT_DIR = Path(__file__).resolve().parents[2]
DASHBOARD = PROJECT_DIR / "dashboards" / "finops_chargeback.lvdash.json"
EXPOSURES = PROJECT_DIR / "models" / "marts" / "_exposures.yml"
SCREENSHOTS = PROJECT_DIR / "target" / "dashboard" / "screenshots"
CHROMIUM = os.environ.get("FINOPS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = [
    "Overview", "Chargeback", "Budgets and anomalies", "Showback trends", "Workloads", "Model serving and AI",
    "Data quality and coverage",
]
CHART_TYPES = {"line", "bar", "pie"}


def definition() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


DATASETS = {d["name"]: render_dashboard.dataset_sql(d) for d in definition()["datasets"]}


def public_marts() -> set[str]:
    return {p.stem for p in (PROJECT_DIR / "models" / "marts").rglob("*.sql") if p.stem.startswith(("fct_", "dim_", "rpt_"))}


def _segments(node, kind: str):
    """Every segment of type `kind` in a sqlfluff parse tree (dicts and lists)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == kind:
                yield value
            yield from _segments(value, kind)
    elif isinstance(node, list):
        for value in node:
            yield from _segments(value, kind)


def _raw(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, dict):
        return "".join(_raw(v) for v in node.values())
    return "".join(_raw(v) for v in node)


@functools.lru_cache(maxsize=None)
def tables_read(sql: str) -> frozenset[str]:
    """Relations a dataset reads: its table references (Databricks SQL parse tree) less its CTEs."""
    import sqlfluff

    tree = sqlfluff.parse(sql, dialect="databricks")
    ctes = {_raw(cte[0]) for cte in _segments(tree, "common_table_expression")}
    return frozenset({_raw(ref) for ref in _segments(tree, "table_reference")} - ctes)


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money_on_page(text: str) -> Decimal:
    """'$76,982.42' or '-$1.00' as shown -> Decimal."""
    match = re.fullmatch(r"\s*(-?)\$([\d,]+\.\d\d)\s*", text)
    assert match, f"not money to the cent: {text!r}"
    return Decimal(match.group(1) + match.group(2).replace(",", ""))


# ---- the definition ---------------------------------------------------------------------


def test_pages_in_order():
    assert [p["displayName"] for p in definition()["pages"]] == PAGES


def test_definition_is_renderable_offline():
    """Every widget type and field expression is one the offline renderer draws."""
    render_dashboard.validate(definition())


def test_unsupported_widget_is_refused_with_its_name():
    doc = definition()
    doc["pages"][0]["layout"][1]["widget"]["spec"]["widgetType"] = "heatmap"
    with pytest.raises(render_dashboard.DefinitionError, match=r"Overview / overview_as_of: widget type 'heatmap'"):
        render_dashboard.validate(doc)


def test_widgets_fit_the_grid_and_do_not_overlap():
    names = []
    for page in definition()["pages"]:
        cells = {}
        for item in page["layout"]:
            p, name = item["position"], item["widget"]["name"]
            names.append(name)
            assert p["x"] >= 0 and p["y"] >= 0 and p["width"] >= 1 and p["height"] >= 1, name
            assert p["x"] + p["width"] <= 6, f"{name} is wider than the 6-column grid"
            for x in range(p["x"], p["x"] + p["width"]):
                for y in range(p["y"], p["y"] + p["height"]):
                    assert (x, y) not in cells, f"{name} overlaps {cells[(x, y)]} on page {page['name']}"
                    cells[(x, y)] = name
    assert len(names) == len(set(names)), "widget names must be unique"


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_dataset_reads_only_public_marts_by_bare_name(dataset):
    sql = DATASETS[dataset]
    tables = tables_read(sql)
    assert tables, f"{dataset} reads no table"
    qualified = [t for t in tables if "." in t or "`" in t]
    assert not qualified, f"{dataset} names a catalog or schema: {qualified} (the bundle sets them)"
    assert tables <= public_marts(), f"{dataset} reads non-public relations {sorted(tables - public_marts())}"


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_dataset_parses_as_databricks_sql(dataset):
    import sqlfluff
    from sqlfluff.api.simple import APIParsingError

    try:
        sqlfluff.parse(DATASETS[dataset], dialect="databricks")
    except APIParsingError as exc:
        pytest.fail(f"{dataset} does not parse as Databricks SQL: {exc}")


def test_exposures_depend_on_exactly_the_marts_the_datasets_read():
    read = set().union(*(tables_read(sql) for sql in DATASETS.values()))
    for exposure in yaml.safe_load(EXPOSURES.read_text())["exposures"]:
        refs = {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in exposure["depends_on"]}
        assert refs == read, f"{exposure['name']}: depends_on differs from the marts read: {sorted(refs ^ read)}"


# ---- the datasets on the DuckDB build of the sample ----------------------------------------


@pytest.fixture(scope="module")
def build(built_small):
    project, result = built_small
    assert result.ok, result.output[-3000:]
    return project


@pytest.fixture(scope="module")
def marts(build):
    con = duckdb.connect(str(build.db_path), read_only=True)
    con.execute("set search_path = 'finops'")
    yield con
    con.close()


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_dataset_returns_rows_on_duckdb(marts, dataset):
    rows = marts.sql(DATASETS[dataset]).fetchall()
    assert rows, f"{dataset} returns no rows on the sample"


def test_widget_fields_exist_in_their_datasets(marts):
    columns = {name: set(marts.sql(sql).columns) for name, sql in DATASETS.items()}
    problems = []
    for _, _, widget in render_dashboard.widgets(definition()):
        for query in widget.get("queries", []):
            q = query["query"]
            for field in q["fields"]:
                expression = render_dashboard.parse_expression(field["expression"])
                if expression.column and expression.column not in columns[q["datasetName"]]:
                    problems.append(f"{widget['name']}: {expression.column} not in {q['datasetName']}")
    assert not problems, "\n".join(problems)


# ---- the offline rendering in a browser -----------------------------------------------------


@pytest.fixture(scope="module")
def rendered(build, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dashboard") / "index.html"
    assert render_dashboard.main(["--database", str(build.db_path), "--out", str(out)]) == 0
    return out


def test_rendering_is_self_contained(rendered):
    text = rendered.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", text), "scripts must be inlined"
    assert not re.search(r"<link[^>]+href=[\"']https?:", text), "no stylesheet from the network"
    assert "Plotly" in text and "dashboard-definition" in text


def _browser_missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -r requirements.txt"
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium` (Debian), or set FINOPS_CHROMIUM"
    return None


@pytest.fixture(scope="module")
def browser_page(rendered):
    """The offline dashboard opened in headless Chromium; console errors and network requests recorded."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI") or os.environ.get("FINOPS_REQUIRE_BROWSER"):
            pytest.fail(f"the browser test must run in CI: {missing}")
        pytest.skip(f"browser test skipped: {missing}")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        page = context.new_page()
        page.errors, page.requests = [], []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
        page.goto(rendered.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        yield page
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(page, name: str) -> None:
    page.click(f"[data-page-link={name}]")
    page.wait_for_selector(f"section[data-page={name}][data-rendered=true]", timeout=60_000)


def counter(page, widget: str) -> str:
    return page.inner_text(f"[data-widget={widget}] .counter-value")


def counter_money(value) -> str:
    """Money as the page shows it: '$78,000.00'."""
    return f"${cents(value):,.2f}" if value >= 0 else f"-${-cents(value):,.2f}"


def count_on_page(text: str) -> int:
    """'1,234' as shown -> 1234."""
    assert re.fullmatch(r"\s*-?[\d,]+\s*", text), f"not a whole number: {text!r}"
    return int(text.replace(",", ""))


def share_on_page(text: str) -> float:
    """'98.9%' as shown -> 0.989."""
    match = re.fullmatch(r"\s*(-?[\d,]+\.\d)%\s*", text)
    assert match, f"not a percentage to one decimal: {text!r}"
    return float(match.group(1).replace(",", "")) / 100


def assert_share(text: str, expected) -> None:
    """A percentage shown to 0.1 % is the mart's share rounded."""
    assert abs(share_on_page(text) - float(expected)) <= 0.0005 + 1e-9, f"{text} is not {float(expected):.4%}"


def table_rows(page, widget: str, fields: list[str]) -> list[dict]:
    """The cells of `fields` in every row of a table widget's current page, as shown."""
    return page.eval_on_selector_all(
        f"[data-widget={widget}] tbody tr",
        "(rows, fields) => rows.map(tr => Object.fromEntries(fields.map("
        "f => [f, tr.querySelector(`td[data-field='${f}']`).innerText])))",
        fields,
    )


def chart_traces(page, widget: str) -> dict:
    """{trace name: (x values, y values)} of a plotly chart widget."""
    return page.eval_on_selector(
        f"[data-widget={widget}] .js-plotly-plot",
        "el => Object.fromEntries(el.data.map(t => [t.name, [t.x, t.y]]))",
    )


def test_every_page_renders_its_widgets_without_errors(browser_page):
    page = browser_page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for spec in definition()["pages"]:
        open_page(page, spec["name"])
        section = f"section[data-page={spec['name']}]"
        types = {item["widget"]["name"]: render_dashboard.widget_type(item["widget"]) for item in spec["layout"]}
        for name, kind in types.items():
            widget = f"{section} [data-widget={name}]"
            assert page.locator(widget).count() == 1, f"{spec['name']}: widget {name} not drawn"
            assert page.locator(f"{widget} .error").count() == 0, page.inner_text(widget)
            if kind in CHART_TYPES:
                assert page.locator(f"{widget} .js-plotly-plot").count() == 1, f"{name}: no chart"
                assert page.locator(f"{widget} .js-plotly-plot .main-svg").count() >= 1, f"{name}: chart not drawn"
            elif kind == "counter":
                assert counter(page, name).strip() not in ("", "—"), f"{name}: empty counter"
            elif kind == "table":
                assert page.locator(f"{widget} tbody tr").count() >= 1, f"{name}: empty table"
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOTS / f"{spec['name']}.png"), full_page=True)
    assert not page.errors, f"console errors: {page.errors}"
    assert not page.requests, f"the offline dashboard made network requests: {page.requests}"


def test_chargeback_page_total_for_the_last_month_equals_the_mart(browser_page, marts):
    page = browser_page
    open_page(page, "chargeback")
    last_month = marts.execute("select max(billing_month) from fct_chargeback_monthly").fetchone()[0]
    page.select_option("select[data-filter=chargeback_month_filter]", label=last_month.strftime("%b %Y"))
    expected_total = marts.execute(
        "select sum(total_chargeback_usd) from fct_chargeback_monthly where billing_month = ?", [last_month]
    ).fetchone()[0]
    expected_bill = marts.execute(
        "select sum(net_cost_usd) from fct_billing_usage where is_priced and billing_month = ?", [last_month]
    ).fetchone()[0]
    assert money_on_page(counter(page, "chargeback_total")) == cents(expected_total)
    assert money_on_page(counter(page, "chargeback_bill")) == cents(expected_bill)
    assert money_on_page(counter(page, "chargeback_difference")) == Decimal("0.00")
    cost_centers = marts.execute(
        "select count(*) from fct_chargeback_monthly where billing_month = ?", [last_month]
    ).fetchone()[0]
    months = page.locator("[data-widget=chargeback_table] tbody td[data-field=billing_month]").all_inner_texts()
    assert months == [last_month.strftime("%Y-%m")] * cost_centers


def test_chargeback_allocations_table_shows_the_months_allocation_lines(browser_page, marts):
    page = browser_page
    open_page(page, "chargeback")
    last_month = marts.execute("select max(billing_month) from fct_chargeback_allocations_monthly").fetchone()[0]
    page.select_option("select[data-filter=chargeback_month_filter]", label=last_month.strftime("%b %Y"))
    lines = marts.execute(
        "select pool_cost_center_id, cost_center_id, allocated_usd from fct_chargeback_allocations_monthly"
        " where billing_month = ?", [last_month]
    ).fetchall()
    assert 0 < len(lines) <= 25, "the sample's last month should fit on the table's first page"
    widget = "[data-widget=chargeback_allocations] tbody"
    shown = list(zip(
        page.locator(f"{widget} td[data-field=pool_cost_center_id]").all_inner_texts(),
        page.locator(f"{widget} td[data-field=cost_center_id]").all_inner_texts(),
        [money_on_page(t) for t in page.locator(f"{widget} td[data-field=allocated_usd]").all_inner_texts()],
    ))
    assert sorted(shown) == sorted((pool, to, cents(amount)) for pool, to, amount in lines)
    months = page.locator(f"{widget} td[data-field=billing_month]").all_inner_texts()
    assert months == [last_month.strftime("%Y-%m")] * len(lines)


def test_overview_month_to_date_equals_the_marts(browser_page, marts):
    page = browser_page
    open_page(page, "overview")
    months = [m for (m,) in marts.execute("select distinct billing_month from fct_showback_daily order by 1 desc").fetchall()]
    current, previous = months[0], months[1]
    mtd = marts.execute("select sum(net_cost_usd) from fct_showback_daily where billing_month = ?", [current]).fetchone()[0]
    # the previous month from another mart: what chargeback bills for it
    last_month = marts.execute(
        "select sum(total_chargeback_usd) from fct_chargeback_monthly where billing_month = ?", [previous]
    ).fetchone()[0]
    assert money_on_page(counter(page, "overview_mtd")) == cents(mtd)
    assert money_on_page(counter(page, "overview_previous_month")) == cents(last_month)
    as_of = marts.execute("select max(usage_date) from fct_billing_usage").fetchone()[0]
    assert counter(page, "overview_as_of") == as_of.isoformat()


def test_model_serving_page_follows_the_month_filter(browser_page, marts):
    page = browser_page
    open_page(page, "model_serving")
    total = marts.execute("select sum(total_cost_usd) from fct_model_serving_cost_daily").fetchone()[0]
    assert money_on_page(counter(page, "serving_total")) == cents(total)
    first_month = marts.execute("select min(billing_month) from fct_model_serving_cost_daily").fetchone()[0]
    page.select_option("select[data-filter=serving_month_filter]", label=first_month.strftime("%b %Y"))
    month_total = marts.execute(
        "select sum(total_cost_usd) from fct_model_serving_cost_daily where billing_month = ?", [first_month]
    ).fetchone()[0]
    assert money_on_page(counter(page, "serving_total")) == cents(month_total)
    page.select_option("select[data-filter=serving_month_filter]", label="All")
    assert money_on_page(counter(page, "serving_total")) == cents(total)


def test_data_quality_page_counts_equal_the_reports(browser_page, marts):
    page = browser_page
    open_page(page, "data_quality")
    invalid = marts.execute("select sum(invalid_tag_cost_usd) from rpt_tag_coverage_monthly").fetchone()[0]
    unpriced = marts.execute("select sum(record_count) from rpt_unpriced_usage").fetchone()[0]
    assert money_on_page(counter(page, "quality_invalid_cost")) == cents(invalid)
    assert counter(page, "quality_unpriced_records").replace(",", "") == str(unpriced)


def test_rendering_stops_with_the_name_of_a_failing_dataset(build, tmp_path, capsys):
    """A dataset that fails on DuckDB stops the rendering, naming the dataset; no page is written."""
    doc = copy.deepcopy(definition())
    doc["datasets"][0]["queryLines"] = ["select * from no_such_mart"]
    bad = tmp_path / "bad.lvdash.json"
    bad.write_text(json.dumps(doc))
    assert render_dashboard.main(["--definition", str(bad), "--database", str(build.db_path), "--out", str(tmp_path / "x.html")]) == 1
    assert not (tmp_path / "x.html").exists()
    assert f"dataset {doc['datasets'][0]['name']!r} failed on DuckDB" in capsys.readouterr().err


def test_workloads_multi_select_filter_keeps_only_the_chosen_values(browser_page, marts):
    page = browser_page
    open_page(page, "workloads")
    page.click("[data-filter=workloads_compute_filter] > button")
    page.click("[data-filter=workloads_compute_filter] .options label:has-text('serverless')")
    page.click("body")  # close the drop-down
    computes = page.locator("[data-widget=workloads_table] tbody td[data-field=compute_type]").all_inner_texts()
    assert computes and set(computes) == {"serverless"}
    # the job-runs table (top 25 runs of each month) follows the same filter
    serverless_runs = marts.execute(
        "select count(*) from (select is_serverless, row_number() over"
        " (partition by billing_month order by net_cost_usd desc, job_run_id) as cost_rank from fct_job_run_cost)"
        " where cost_rank <= 25 and is_serverless"
    ).fetchone()[0]
    assert page.inner_text("[data-widget=workloads_job_runs] .pager").startswith(f"rows 1–{min(serverless_runs, 25)} of {serverless_runs}")
    page.click("[data-filter=workloads_compute_filter] > button")
    page.click("[data-filter=workloads_compute_filter] .options label:has-text('serverless')")
    page.click("body")
    assert page.inner_text("[data-filter=workloads_compute_filter] > button") == "All"


# ---- budgets, anomalies and FOCUS (issues 13 and 15) ----------------------------------------


def test_overview_forecast_equals_the_account_budget(browser_page, marts):
    page = browser_page
    open_page(page, "overview")
    amount, actual, consumed, forecast, low, high, period_end, as_of = marts.execute(
        "select amount_usd, actual_cost_usd, consumed_share, forecast_cost_usd, forecast_low_usd, forecast_high_usd,"
        " period_end, as_of_date from fct_budget_status"
        " where scope_type = 'account' and period = 'month' and is_current_period"
    ).fetchone()
    assert money_on_page(counter(page, "overview_budget")) == cents(amount)
    assert money_on_page(counter(page, "overview_forecast")) == cents(forecast)
    assert money_on_page(counter(page, "overview_forecast_low")) == cents(low)
    assert money_on_page(counter(page, "overview_forecast_high")) == cents(high)
    assert_share(counter(page, "overview_budget_used"), consumed)
    target = page.inner_text("[data-widget=overview_forecast] .counter-target")
    assert target.endswith(f"vs {counter_money(amount)}"), target
    # the forecast to month end is the actual plus the account's daily forecast of the month's remaining days
    rest = marts.execute(
        "select sum(forecast_cost_usd) from fct_cost_forecast_daily"
        " where forecast_level = 'account' and forecast_date > ? and forecast_date < ?", [as_of, period_end]
    ).fetchone()[0]
    assert abs(actual + rest - forecast) < Decimal("0.000001")
    # the chart: the actual line ends on the as-of date at the actual, the forecast line at the month's last day at the forecast
    traces = chart_traces(page, "overview_budget_burn")
    actual_points = [(x, y) for x, y in zip(*traces["Actual"]) if y is not None]
    forecast_points = [(x, y) for x, y in zip(*traces["Forecast"]) if y is not None]
    assert actual_points[-1][0][:10] == as_of.isoformat() and abs(Decimal(str(actual_points[-1][1])) - actual) < Decimal("0.01")
    assert forecast_points[0][0][:10] == as_of.isoformat()
    assert forecast_points[-1][0][:10] == (period_end - dt.timedelta(days=1)).isoformat()
    assert abs(Decimal(str(forecast_points[-1][1])) - forecast) < Decimal("0.01")
    assert set(traces["Budget"][1]) == {float(amount)}
    flagged = marts.execute("select count(*) from fct_budget_status where is_current_period and status in ('over', 'at_risk')").fetchone()[0]
    assert count_on_page(counter(page, "overview_budgets_flagged")) == flagged


def test_budgets_page_equals_the_budget_status_mart(browser_page, marts):
    page = browser_page
    open_page(page, "budgets")
    current = marts.execute(
        "select budget_id, actual_cost_usd, consumed_share, forecast_cost_usd, status from fct_budget_status where is_current_period"
    ).fetchall()
    # the period filter starts on the running periods: one row per budget
    rows = table_rows(page, "budgets_table", ["budget_id", "actual_cost_usd", "consumed_share", "forecast_cost_usd", "status"])
    assert len(rows) == len(current)
    shown = {r["budget_id"]: r for r in rows}
    for budget_id, actual, consumed, forecast, status in current:
        row = shown[budget_id]
        assert money_on_page(row["actual_cost_usd"]) == cents(actual), budget_id
        assert money_on_page(row["forecast_cost_usd"]) == cents(forecast), budget_id
        assert_share(row["consumed_share"], consumed)
        assert row["status"] == status, budget_id
    for widget, status in [("budgets_over", "over"), ("budgets_at_risk", "at_risk"), ("budgets_under", "under")]:
        assert count_on_page(counter(page, widget)) == sum(1 for r in current if r[4] == status), widget
    # every period, closed ones included
    page.select_option("select[data-filter=budgets_period_filter]", label="All")
    periods, over = marts.execute("select count(*), count(case when status = 'over' then 1 end) from fct_budget_status").fetchone()
    assert page.inner_text("[data-widget=budgets_table] .pager").startswith(f"rows 1–{min(periods, 15)} of {periods}")
    assert count_on_page(counter(page, "budgets_over")) == over
    page.select_option("select[data-filter=budgets_period_filter]", label="current")


def test_commitments_and_anomalies_equal_the_marts(browser_page, marts):
    page = browser_page
    open_page(page, "budgets")
    latest = marts.execute(
        "select commitment_id, cumulative_cost_usd, projected_term_cost_usd, projected_exhaustion_date from fct_commitment_burndown"
        " qualify row_number() over (partition by commitment_id order by usage_date desc) = 1"
    ).fetchall()
    rows = table_rows(page, "budgets_commitments", ["commitment_id", "cumulative_cost_usd", "projected_term_cost_usd",
                                                     "projected_exhaustion_date"])
    assert len(rows) == len(latest)
    shown = {r["commitment_id"]: r for r in rows}
    for commitment_id, cumulative, projected, exhaustion in latest:
        assert money_on_page(shown[commitment_id]["cumulative_cost_usd"]) == cents(cumulative)
        assert money_on_page(shown[commitment_id]["projected_term_cost_usd"]) == cents(projected)
        assert shown[commitment_id]["projected_exhaustion_date"] == (exhaustion.isoformat() if exhaustion else "")
    on_latest_day, total, newest = marts.execute(
        "select count(case when usage_date = as_of_date then 1 end), count(*), max(usage_date) from rpt_cost_anomalies"
    ).fetchone()
    assert count_on_page(counter(page, "anomalies_latest_day")) == on_latest_day
    assert count_on_page(counter(page, "anomalies_count")) == total
    days = [r["usage_date"] for r in table_rows(page, "anomalies_table", ["usage_date"])]
    assert days[0] == newest.isoformat() and days == sorted(days, reverse=True), "anomalies are listed latest first"


def test_forecast_accuracy_equals_the_backtest(browser_page, marts):
    page = browser_page
    open_page(page, "budgets")
    backtest = marts.execute("select forecast_level, forecast_day_of_month, error_usd, actual_cost_usd from rpt_forecast_backtest").fetchall()
    errors, actuals = {}, {}
    for level, day, error, actual in backtest:  # weighted error recomputed from the rows
        errors[(level, day)] = errors.get((level, day), 0) + abs(error)
        actuals[(level, day)] = actuals.get((level, day), 0) + abs(actual)
    rows = table_rows(page, "accuracy_table", ["forecast_level", "forecast_day_of_month", "weighted_abs_pct_error"])
    assert {(r["forecast_level"], int(r["forecast_day_of_month"])) for r in rows} == set(errors)
    for r in rows:
        key = (r["forecast_level"], int(r["forecast_day_of_month"]))
        assert_share(r["weighted_abs_pct_error"], errors[key] / actuals[key])


def test_data_quality_focus_numbers_equal_the_focus_export(browser_page, marts):
    page = browser_page
    open_page(page, "data_quality")
    charges, corrections, correction_cost = marts.execute(
        "select count(*), count(case when ChargeClass = 'Correction' then 1 end),"
        " coalesce(sum(case when ChargeClass = 'Correction' then BilledCost end), 0) from fct_focus_charges"
    ).fetchone()
    assert count_on_page(counter(page, "quality_focus_charges")) == charges
    assert count_on_page(counter(page, "quality_focus_corrections")) == corrections
    assert money_on_page(counter(page, "quality_focus_correction_cost")) == cents(correction_cost)
    billed = dict(marts.execute(
        "select cast(BillingPeriodStart as date), sum(BilledCost) from fct_focus_charges group by 1"
    ).fetchall())
    chargeback = dict(marts.execute("select billing_month, sum(total_chargeback_usd) from fct_chargeback_monthly group by 1").fetchall())
    rows = table_rows(page, "quality_focus_reconciliation", ["billing_month", "chargeback_total_usd", "billed_cost_usd", "unreconciled_usd"])
    assert {r["billing_month"] for r in rows} == {m.strftime("%Y-%m") for m in billed}
    for r in rows:
        month = dt.date.fromisoformat(r["billing_month"] + "-01")
        assert money_on_page(r["billed_cost_usd"]) == cents(billed[month])
        assert money_on_page(r["chargeback_total_usd"]) == cents(chargeback.get(month, 0))
        assert money_on_page(r["unreconciled_usd"]) == Decimal("0.00")
