#!/usr/bin/env bash
# The whole test suite: lint (sqlfluff), then pytest (generator, dbt builds on DuckDB with
# dbt data and unit tests, bad input, incremental vs full refresh, Databricks compile
# check, and the Spark suite, marker `spark`). Extra arguments go to pytest.
source "$(dirname "$0")/_setup.sh"

echo "==> sqlfluff lint models"
sqlfluff lint models analyses --nocolor

echo "==> pytest"
python -m pytest tests/python "$@"
