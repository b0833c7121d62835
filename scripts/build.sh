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
else
    echo "==> reading the export in $FINOPS_EXPORT_DIR"
fi

echo "==> dbt build (DuckDB)"
dbt build "$@"
echo "==> dbt docs generate"
dbt docs generate --quiet

db_path="${FINOPS_DUCKDB_PATH:-$PROJECT_DIR/target/finops.duckdb}"
cat <<MSG

Done.
  Results (DuckDB database): $db_path   (schema 'finops'; marts fct_*, dim_*, rpt_*)
      e.g. duckdb $db_path -c "select * from finops.fct_chargeback_monthly"
  Docs and lineage:          $PROJECT_DIR/target/index.html   (serve with: dbt docs serve)
  Data read from:            $FINOPS_EXPORT_DIR
MSG
