#!/usr/bin/env bash
# The main job: set up, get data, build everything on DuckDB, generate the docs.
#   FINOPS_EXPORT_DIR unset -> generate the sample account into data/sample and use it
#   FINOPS_EXPORT_DIR=/path  -> read your own Parquet export (one folder per system table)
source "$(dirname "$0")/_setup.sh"

if [ -z "${FINOPS_EXPORT_DIR:-}" ]; then
    export FINOPS_EXPORT_DIR="$PROJECT_DIR/data/sample"
    echo "==> generating the sample account into $FINOPS_EXPORT_DIR"
    rm -rf "$FINOPS_EXPORT_DIR"
    python scripts/generate_sample_account.py --out "$FINOPS_EXPORT_DIR"
    sample_vars='{enable_jobs_source: true, enable_pipelines_source: true, enable_warehouses_source: true, enable_served_entities_source: true, enable_endpoint_usage_source: true}'
else
    echo "==> reading the export in $FINOPS_EXPORT_DIR"
fi

vars_args=()
if [ -n "${sample_vars:-}" ] && [[ " $* " != *" --vars "* ]]; then
    # the generated sample has every optional table: switch them all on
    vars_args=(--vars "$sample_vars")
fi

echo "==> dbt build (DuckDB)"
dbt build "$@" "${vars_args[@]}"
echo "==> dbt docs generate"
dbt docs generate --quiet "${vars_args[@]}"

db_path="${FINOPS_DUCKDB_PATH:-$PROJECT_DIR/target/chargeback.duckdb}"
echo "==> dashboard (offline rendering of dashboards/finops_chargeback.lvdash.json)"
dashboard_path="$(python scripts/render_dashboard.py --database "$db_path")"
cat <<MSG

Done.
  Results (DuckDB database): $db_path   (schema 'finops'; marts fct_*, dim_*, rpt_*)
      e.g. .venv/bin/python -c "import duckdb; duckdb.connect('$db_path', read_only=True).sql('from finops.fct_chargeback_monthly').show()"
  Docs and lineage:          $PROJECT_DIR/target/index.html   (serve with: dbt docs serve)
  Dashboard (offline):       $dashboard_path   (open it in a browser; no network needed)
  Data read from:            $FINOPS_EXPORT_DIR
MSG
