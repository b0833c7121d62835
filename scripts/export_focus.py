#!/usr/bin/env python
"""Export the FOCUS 1.2 dataset (the mart fct_focus_charges) as Parquet, one file per billing period.

    python scripts/export_focus.py [--out DIR] [--db PATH] [--schema finops]

Reads the DuckDB database that `./scripts/build.sh` builds (FINOPS_DUCKDB_PATH, default
target/chargeback.duckdb) and writes DIR/focus_<YYYY-MM>.parquet (default DIR: target/focus)
with DuckDB's COPY, one file per BillingPeriodStart, replacing the focus_*.parquet files
already there. Columns keep their FOCUS names and order. Decimal amounts, prices and
quantities are written as IEEE-754 doubles (FOCUS "Decimal"; what FOCUS tools and the FinOps
validator read), timestamps as UTC instants. The mart itself keeps full decimal precision.
On Databricks the mart is the export (docs block `focus_export`).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
MART = "fct_focus_charges"


def _column_expression(name: str, type_: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    if type_.upper().startswith("DECIMAL"):
        return f"cast({quoted} as double) as {quoted}"
    if type_.upper() == "TIMESTAMP":
        # the mart's timestamps are UTC wall-clock times: write them as UTC instants
        return f"cast({quoted} as timestamptz) as {quoted}"
    return quoted


def export(db_path: Path, out_dir: Path, schema: str = "finops") -> list[dict]:
    """Write one Parquet file per billing period; return [{period, file, rows, billed_cost}]."""
    if not db_path.exists():
        raise SystemExit(f"no database at {db_path}: run ./scripts/build.sh first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.execute("set TimeZone = 'UTC'")
        columns = con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, MART],
        ).fetchall()
        if not columns:
            raise SystemExit(f"{schema}.{MART} is not in {db_path}: run ./scripts/build.sh first")
        # x_FactLoadedAt is the mart's incremental bookkeeping, not billing data: not exported
        select_list = ", ".join(
            _column_expression(name, type_) for name, type_ in columns if name != "x_FactLoadedAt"
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        for stale in out_dir.glob("focus_*.parquet"):
            stale.unlink()
        periods = con.execute(
            f'select distinct cast("BillingPeriodStart" as date) from {schema}.{MART} order by 1'
        ).fetchall()
        written = []
        for (period,) in periods:
            path = out_dir / f"focus_{period:%Y-%m}.parquet"
            con.execute(
                f"copy (select {select_list} from {schema}.{MART}"
                f" where \"BillingPeriodStart\" = timestamp '{period} 00:00:00'"
                f' order by "ChargePeriodStart", "x_RecordId")'
                f" to '{path}' (format parquet, compression zstd)"
            )
            rows, billed = con.execute(
                f"select count(*), sum(\"BilledCost\") from read_parquet('{path}')"
            ).fetchone()
            written.append(dict(period=f"{period:%Y-%m}", file=path, rows=rows, billed_cost=billed))
        return written
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "target" / "focus",
                        help="output directory (default: target/focus)")
    parser.add_argument("--db", type=Path,
                        default=Path(os.environ.get("FINOPS_DUCKDB_PATH", PROJECT_DIR / "target" / "chargeback.duckdb")),
                        help="DuckDB database built by ./scripts/build.sh")
    parser.add_argument("--schema", default="finops", help="schema of the marts (default: finops)")
    args = parser.parse_args(argv)
    written = export(args.db.resolve(), args.out.resolve(), args.schema)
    for item in written:
        print(f"{item['file']}: billing period {item['period']}, {item['rows']} charges, "
              f"BilledCost {item['billed_cost']:.2f}")
    print(f"FOCUS 1.2 export: {sum(i['rows'] for i in written)} charges in {len(written)} files under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
