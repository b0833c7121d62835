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
# dbt packages (dbt_utils, dbt_expectations): installed again only when package-lock.yml changes
python scripts/install_dbt_packages.py
