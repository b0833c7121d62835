# Sourced by scripts/build.sh and scripts/test.sh: creates the virtualenv from the pinned
# requirements (again whenever requirements.txt changes) and points dbt at this project.
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"
VENV="${FINOPS_VENV:-$PROJECT_DIR/.venv}"
if [ ! -x "$VENV/bin/dbt" ] || ! cmp -s requirements.txt "$VENV/.installed-requirements.txt"; then
    echo "==> installing pinned Python requirements into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt
    cp requirements.txt "$VENV/.installed-requirements.txt"
fi
# shellcheck disable=SC1091
source "$VENV/bin/activate"
export DBT_PROFILES_DIR="$PROJECT_DIR"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
# DuckDB may spill to disk beyond its memory limit (75 % of RAM, profiles.yml): at most half
# of the free disk where the database lives, so a build can never fill the disk.
if [ -z "${FINOPS_DUCKDB_TEMP_LIMIT:-}" ]; then
    db_dir=$(dirname "${FINOPS_DUCKDB_PATH:-$PROJECT_DIR/target/chargeback.duckdb}")
    mkdir -p "$db_dir"
    free_gib=$(( $(df -Pk "$db_dir" | awk 'NR == 2 {print $4}') / 1048576 ))
    FINOPS_DUCKDB_TEMP_LIMIT="$(( free_gib > 2 ? free_gib / 2 : 1 ))GiB"
    export FINOPS_DUCKDB_TEMP_LIMIT
fi
# dbt packages (dbt_utils, dbt_expectations): installed again only when package-lock.yml changes
python scripts/install_dbt_packages.py
