#!/usr/bin/env bash
# Export the FOCUS 1.2 dataset (mart fct_focus_charges) as Parquet files, one per billing
# period, for any FOCUS tool:
#   ./scripts/export_focus.sh [--out DIR] [--db PATH]      (default DIR: target/focus)
# Run ./scripts/build.sh first: the export reads the DuckDB database it builds. The work is
# done by scripts/export_focus.py (see its --help).
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${FINOPS_VENV:-$PROJECT_DIR/.venv}/bin/python"
if [ ! -x "$PYTHON" ]; then
    echo "no project virtualenv at ${PYTHON%/bin/python}: run ./scripts/build.sh first" >&2
    exit 1
fi
exec "$PYTHON" "$PROJECT_DIR/scripts/export_focus.py" "$@"
