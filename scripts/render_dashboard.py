#!/usr/bin/env python
"""Render the Databricks AI/BI dashboard offline, as one self-contained HTML file.

    python scripts/render_dashboard.py [--definition dashboards/finops_chargeback.lvdash.json]
                                       [--database target/chargeback.duckdb] [--schema finops]
                                       [--out target/dashboard/index.html]

Reads the same `.lvdash.json` that the Databricks bundle deploys, runs each dataset's SQL
on the DuckDB build (read-only connection, tables by bare name in schema `finops`) and
writes one HTML file: the dataset rows as JSON, plotly.js (from the `plotly` package) and
the page script inlined, so it opens from disk with no network. The page script
(scripts/dashboard_assets/dashboard.js) draws every page and widget at its `position`
and evaluates the widgets' field expressions and the filters in the browser.

Supported of the format (anything else fails here, with the widget's name):
widget types counter, line, bar, pie, table, filter-single-select, filter-multi-select,
filter-date-range-picker and text boxes on canvas pages; field expressions `col`,
SUM/AVG/MIN/MAX/COUNT(`col`), COUNT(DISTINCT `col`), COUNT(`*`) and DATE_TRUNC("DAY"|"WEEK"|
"MONTH"|"QUARTER"|"YEAR"|"HOUR", `col`); no dataset parameters, no global-filter page.
Widget query `orders` are not applied (order the dataset's SQL instead). Prints the path
of the HTML file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import decimal
import html
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
ASSETS_DIR = Path(__file__).resolve().parent / "dashboard_assets"
DEFAULT_DEFINITION = PROJECT_DIR / "dashboards" / "finops_chargeback.lvdash.json"

CHART_TYPES = {"counter", "line", "bar", "pie", "table"}
FILTER_TYPES = {"filter-single-select", "filter-multi-select", "filter-date-range-picker"}
ASSOCIATIVITY_COLUMN = "associative_filter_predicate_group"

_COLUMN = r"`([^`]+)`"
EXPRESSIONS = [
    ("column", re.compile(rf"^{_COLUMN}$")),
    ("count_star", re.compile(r"^COUNT\(\s*(?:`\*`|\*)\s*\)$", re.I)),
    ("count_distinct", re.compile(rf"^COUNT\(\s*DISTINCT\s+{_COLUMN}\s*\)$", re.I)),
    ("aggregate", re.compile(rf"^(SUM|AVG|MIN|MAX|COUNT)\(\s*{_COLUMN}\s*\)$", re.I)),
    ("date_trunc", re.compile(rf"""^DATE_TRUNC\(\s*["'](DAY|WEEK|MONTH|QUARTER|YEAR|HOUR)["']\s*,\s*{_COLUMN}\s*\)$""", re.I)),
    ("associativity", re.compile(rf"^COUNT_IF\(\s*`{ASSOCIATIVITY_COLUMN}`\s*\)$", re.I)),
]


class DefinitionError(ValueError):
    """The .lvdash.json uses something this renderer cannot draw (or is inconsistent)."""


@dataclass(frozen=True)
class Expression:
    kind: str  # column | count_star | count_distinct | aggregate | date_trunc | associativity
    column: str | None
    function: str | None = None  # SUM..., or the DATE_TRUNC unit


def parse_expression(expression: str) -> Expression:
    """Parse a widget field expression of the supported subset, else DefinitionError."""
    text = expression.strip()
    for kind, pattern in EXPRESSIONS:
        match = pattern.match(text)
        if not match:
            continue
        if kind == "column":
            return Expression(kind, match.group(1))
        if kind == "count_star":
            return Expression(kind, None, "COUNT")
        if kind == "count_distinct":
            return Expression(kind, match.group(1), "COUNT_DISTINCT")
        if kind == "associativity":
            return Expression(kind, None)
        return Expression(kind, match.group(2), match.group(1).upper())
    raise DefinitionError(f"unsupported field expression {expression!r}")


def dataset_sql(dataset: dict) -> str:
    """A dataset's SQL: `queryLines` (joined as they are) or `query`."""
    if "queryLines" in dataset:
        return "".join(dataset["queryLines"])
    return dataset["query"]


def widgets(definition: dict):
    """(page, layout item, widget) for every widget of every page."""
    for page in definition["pages"]:
        for item in page.get("layout", []):
            yield page, item, item["widget"]


def widget_type(widget: dict) -> str:
    if "multilineTextboxSpec" in widget or "textbox_spec" in widget:
        return "text"
    return widget.get("spec", {}).get("widgetType", "?")


def encoding_field_names(encodings: dict) -> list[str]:
    """Every fieldName an encoding block refers to (x, y, y.fields, color, value, columns...)."""
    names: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("fieldName"), str):
                names.append(node["fieldName"])
            for key, value in node.items():
                if key != "fieldName":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(encodings)
    return names


def validate(definition: dict) -> None:
    """Check the definition against what the offline renderer supports; raise DefinitionError."""
    datasets = {d["name"] for d in definition.get("datasets", [])}
    problems = [
        f"dataset {d['name']}: dataset parameters are not supported offline"
        for d in definition.get("datasets", []) if d.get("parameters")
    ]
    problems += [
        f"page {p.get('displayName', p['name'])}: page type {p['pageType']} is not supported offline"
        for p in definition["pages"] if p.get("pageType", "PAGE_TYPE_CANVAS") != "PAGE_TYPE_CANVAS"
    ]
    for page, item, widget in widgets(definition):
        name = f"{page.get('displayName', page['name'])} / {widget.get('name')}"
        kind = widget_type(widget)
        position = item.get("position", {})
        if not all(isinstance(position.get(k), int) for k in ("x", "y", "width", "height")):
            problems.append(f"{name}: position needs integer x, y, width and height")
        if kind == "text":
            continue
        if kind not in CHART_TYPES | FILTER_TYPES:
            problems.append(f"{name}: widget type {kind!r} is not supported offline")
            continue
        query_fields = {}
        for query in widget.get("queries", []):
            q = query["query"]
            if q.get("datasetName") not in datasets:
                problems.append(f"{name}: unknown dataset {q.get('datasetName')!r}")
            for field in q.get("fields", []):
                try:
                    parse_expression(field["expression"])
                except DefinitionError as exc:
                    problems.append(f"{name}: {exc}")
                query_fields.setdefault(query["name"], set()).add(field["name"])
        encodings = widget["spec"].get("encodings", {})
        known = set().union(*query_fields.values()) if query_fields else set()
        for field_name in encoding_field_names(encodings):
            if field_name not in known:
                problems.append(f"{name}: encoding refers to {field_name!r}, not a field of its query")
        if kind in FILTER_TYPES:
            for field in encodings.get("fields", []):
                if field.get("queryName") not in query_fields:
                    problems.append(f"{name}: filter field refers to unknown query {field.get('queryName')!r}")
    if problems:
        raise DefinitionError("the dashboard cannot be rendered offline:\n  " + "\n  ".join(problems))


def _json_value(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _column_type(duckdb_type: str) -> str:
    t = duckdb_type.upper()
    if t.startswith("TIMESTAMP"):
        return "timestamp"
    if t == "DATE":
        return "date"
    if t == "BOOLEAN":
        return "boolean"
    if t.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL", "INT", "BIGINT", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER")):
        return "number"
    return "string"


def run_datasets(definition: dict, database: Path, schema: str) -> dict:
    """Run every dataset's SQL on the DuckDB build; {name: {columns, rows}}."""
    import duckdb

    results = {}
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"set search_path = '{schema}'")
        for dataset in definition["datasets"]:
            try:
                relation = con.sql(dataset_sql(dataset))
                columns = [{"name": n, "type": _column_type(str(t))} for n, t in zip(relation.columns, relation.types)]
                rows = [[_json_value(v) for v in row] for row in relation.fetchall()]
            except duckdb.Error as exc:
                raise DefinitionError(f"dataset {dataset['name']!r} failed on DuckDB: {exc}") from exc
            results[dataset["name"]] = {"columns": columns, "rows": rows}
    return results


def _script_json(value) -> str:
    """JSON safe to embed in a <script> element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def plotly_js() -> str:
    from importlib.resources import files

    return files("plotly").joinpath("package_data", "plotly.min.js").read_text(encoding="utf-8")


def render_html(definition: dict, data: dict, title: str, source_note: str) -> str:
    css = (ASSETS_DIR / "dashboard.css").read_text(encoding="utf-8")
    app = (ASSETS_DIR / "dashboard.js").read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<style>{css}</style>
</head>
<body>
<header class="dashboard-header">
  <h1>{html.escape(title)}</h1>
  <nav class="page-nav" id="page-nav"></nav>
</header>
<main id="pages"></main>
<footer class="dashboard-footer">{html.escape(source_note)}</footer>
<script type="application/json" id="dashboard-definition">{_script_json(definition)}</script>
<script type="application/json" id="dashboard-data">{_script_json(data)}</script>
<script>{plotly_js()}</script>
<script>{app}</script>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--definition", type=Path, default=DEFAULT_DEFINITION)
    parser.add_argument("--database", type=Path,
                        default=Path(os.environ.get("FINOPS_DUCKDB_PATH", PROJECT_DIR / "target" / "chargeback.duckdb")))
    parser.add_argument("--schema", default="finops")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "target" / "dashboard" / "index.html")
    parser.add_argument("--title", default="FinOps chargeback")
    args = parser.parse_args(argv)

    definition = json.loads(args.definition.read_text(encoding="utf-8"))
    try:
        validate(definition)
        data = run_datasets(definition, args.database, args.schema)
    except DefinitionError as exc:
        print(f"render_dashboard: {exc}", file=sys.stderr)
        return 1
    try:
        definition_name = args.definition.resolve().relative_to(PROJECT_DIR)
    except ValueError:
        definition_name = args.definition
    rendered_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = (f"Rendered offline from {definition_name} (the definition the Databricks bundle deploys) "
            f"on the DuckDB build {args.database.name}, schema {args.schema}, at {rendered_at}. "
            f"Net cost in USD after discounts.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_html(definition, data, args.title, note), encoding="utf-8")
    print(args.out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
