#!/usr/bin/env python
"""Print the budget, forecast, commitment and anomaly summary of a DuckDB build.

    python scripts/budget_summary.py DUCKDB_PATH [--sample]

Reads the marts fct_budget_status, rpt_forecast_backtest, rpt_cost_anomalies and
fct_commitment_burndown (schema finops) and prints: every budget's status in its latest
period, the forecast backtest's error per level, the anomalies found, and each commitment's
projected exhaustion date as of the latest complete day. With --sample (the generated sample
account) it also names the sample's documented events and says whether each was flagged.
Called at the end of scripts/build.sh.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))


def money(value) -> str:
    return "" if value is None else f"{float(value):,.0f}"


def budgets(con) -> None:
    rows = con.execute("""
        select budget_id, period, period_start, amount_usd, actual_cost_usd, consumed_share,
               forecast_cost_usd, forecast_low_usd, forecast_high_usd, highest_threshold_crossed, status
        from finops.fct_budget_status
        qualify period_start = max(period_start) over (partition by budget_id)
        order by status = 'under', status = 'at_risk', budget_id
    """).fetchall()
    print("Budgets, latest period (status: over = actual reached the top threshold, at_risk = forecast does)")
    print(f"  {'budget':<26}{'period':<19}{'amount':>10}{'actual':>10}{'used':>6}"
          f"{'forecast [low-high]':>27}{'crossed':>9}  status")
    for b, period, start, amount, actual, share, fc, lo, hi, crossed, status in rows:
        forecast = f"{money(fc)} [{money(lo)}-{money(hi)}]"
        print(f"  {b:<26}{period + ' ' + str(start):<19}{money(amount):>10}{money(actual):>10}{share:>6.0%}"
              f"{forecast:>27}{'' if crossed is None else crossed:>9}  {status}")


def backtest(con) -> None:
    rows = con.execute("""
        select forecast_level, forecast_day_of_month, min(level_abs_pct_error), count(*)
        from finops.rpt_forecast_backtest group by 1, 2 order by 1, 2
    """).fetchall()
    print("Forecast backtest: month-end forecast error (sum |error| / sum actual) by the day it was made")
    levels = sorted({r[0] for r in rows})
    print(f"  {'level':<14}{'day 7':>8}{'day 14':>8}{'day 21':>8}  forecasts")
    for level in levels:
        errors = {r[1]: r[2] for r in rows if r[0] == level}
        n = sum(r[3] for r in rows if r[0] == level)
        cells = "".join(f"{errors.get(d, float('nan')):>8.1%}" for d in (7, 14, 21))
        print(f"  {level:<14}{cells}  {n}")


def anomalies(con, sample: bool) -> None:
    rows = con.execute("""
        select usage_date, scope_type, scope_name, anomaly_type, actual_cost_usd, expected_cost_usd, score
        from finops.rpt_cost_anomalies order by usage_date, scope_type, scope_name
    """).fetchall()
    print(f"Anomalies: {len(rows)} flagged rows")
    for day, scope_type, name, kind, actual, expected, score in rows:
        score_text = "" if score is None else f" score {score:.1f}"
        print(f"  {day}  {kind:<9} {scope_type:<22} {str(name)[:40]:<40} {money(actual):>7} vs {money(expected):>6}"
              f"{score_text}")
    if not sample:
        return
    import generate_sample_account as gen

    flagged = {(r[0], r[1], r[2]) for r in rows}
    checks = [
        ("runaway job ingest_customers_serverless (10x)", [(d, "workload", "ingest_customers_serverless")
                                                           for d in gen.DEMO_RUNAWAY_DAYS]),
        (f"new endpoint {gen.DEMO_ENDPOINT_NAME}", [(gen.DEMO_ENDPOINT_FROM, "workload", gen.DEMO_ENDPOINT_NAME)]),
        ("sandbox-dev quiet for a week", [(gen.DEMO_QUIET_DAYS[0] + dt.timedelta(days=i), "workspace", "sandbox-dev")
                                          for i in range((gen.DEMO_QUIET_DAYS[1] - gen.DEMO_QUIET_DAYS[0]).days + 1)]),
    ]
    print("Injected events of the sample account (docs block sample_account_events):")
    for label, expected_rows in checks:
        found = sum(row in flagged for row in expected_rows)
        days = ", ".join(sorted({str(r[0]) for r in expected_rows}))
        print(f"  {label}: flagged on {found} of {len(expected_rows)} days ({days})")
    print("  (and the team=bi reorg of 2026-10-01 in the seeds: CC-5000 Sales Operations spikes in its first week)")


def commitments(con) -> None:
    rows = con.execute("""
        select commitment_id, usage_date, amount_usd, cumulative_cost_usd, consumed_share,
               projected_term_cost_usd, projected_exhaustion_date, projected_shortfall_usd,
               projected_overage_usd, end_date
        from finops.fct_commitment_burndown
        qualify usage_date = max(usage_date) over (partition by commitment_id)
        order by commitment_id
    """).fetchall()
    print("Commitments, as of the latest complete day")
    for cid, day, amount, cumulative, share, projected, exhaustion, shortfall, overage, end in rows:
        gap = f"overage {money(overage)}" if overage else f"shortfall {money(shortfall)}"
        print(f"  {cid}: {money(cumulative)} of {money(amount)} used ({share:.1%}) by {day}; projected"
              f" {money(projected)} at term end ({end}), {gap}; projected exhaustion {exhaustion}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("duckdb_path")
    parser.add_argument("--sample", action="store_true", help="name the generated sample account's events")
    args = parser.parse_args(argv)
    with duckdb.connect(args.duckdb_path, read_only=True) as con:
        as_of = con.execute("select max(as_of_date) from finops.fct_budget_status").fetchall()[0][0]
        print(f"\n==> Budgets, forecasts, commitments and anomalies (as of {as_of}, the last complete day)")
        budgets(con)
        backtest(con)
        anomalies(con, args.sample)
        commitments(con)
    return 0


if __name__ == "__main__":
    sys.exit(main())
