"""The FOCUS 1.2 export end to end (docs block `focus_export`), on the small sample account.

The build of conftest's `built_small` is exported with scripts/export_focus.py; the Parquet
files are checked against the raw export (which records, which billing period, which
ChargeClass, computed here independently), reconciled to chargeback, and validated by the
FinOps Foundation's focus-validator 1.0.0, installed in its own virtualenv (.venv-focus,
created when missing or when tests/focus_validator/requirements.txt changes).
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import tool_venv

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import export_focus  # noqa: E402
import generate_sample_account as gen  # noqa: E402

VALIDATOR_DIR = PROJECT_DIR / "tests" / "focus_validator"
FOCUS_VENV_NAME = ".venv-focus"  # created by conftest.tool_venv when missing or stale
CLOSE_DAYS = 5  # billing_period_close_days in dbt_project.yml
TOL = 1e-6
FOCUS_COLUMNS = [
    "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
    "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
    "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
    "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName",
    "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuMeter",
    "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
]
X_COLUMNS = [
    "x_RecordId", "x_RecordType", "x_UsageDate", "x_IngestionDate", "x_CostCenterId",
    "x_AttributionMethod", "x_WorkloadType", "x_WorkloadId", "x_ServiceMapped",
]


@pytest.fixture(scope="module")
def exported(built_small, tmp_path_factory):
    project, result = built_small
    assert result.ok, result.output[-5000:]
    out = tmp_path_factory.mktemp("focus")
    written = export_focus.export(project.db_path, out)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{project.db_path}' as db (read_only)")
    con.execute(f"create view focus as select * from read_parquet('{out}/focus_*.parquet')")
    con.execute(f"create view raw_usage as select * from read_parquet('{project.export_dir}/usage/*.parquet')")
    yield project, out, written, con
    con.close()


def q(con, sql):
    return con.execute(sql).fetchall()


def test_one_file_per_billing_period_with_every_priced_record(exported):
    project, out, written, con = exported
    months = [m for (m,) in q(con, "select distinct strftime(billing_month, '%Y-%m') from db.finops.fct_billing_usage order by 1")]
    assert [w["period"] for w in written] == months == ["2026-08", "2026-09", "2026-10"]
    assert sorted(p.name for p in out.iterdir()) == [f"focus_{m}.parquet" for m in months]
    for w in written:
        in_file = q(con, f"select count(*), min(BillingPeriodStart), max(BillingPeriodStart) from read_parquet('{w['file']}')")[0]
        assert in_file[0] == w["rows"] > 0 and in_file[1] == in_file[2]
    priced, unpriced = q(con, "select count(*) filter (where is_priced), count(*) filter (where not is_priced) from db.finops.fct_billing_usage")[0]
    assert q(con, "select count(*), count(distinct x_RecordId) from focus")[0] == (priced, priced)
    # unpriced records are left out and stay listed in rpt_unpriced_usage
    assert unpriced > 0
    assert q(con, "select sum(record_count) from db.finops.rpt_unpriced_usage")[0][0] == unpriced
    assert q(con, """select count(*) from focus join db.finops.fct_billing_usage u on u.record_id = focus.x_RecordId
                     where not u.is_priced""")[0][0] == 0


def test_columns_are_focus_names_in_order_with_file_types(exported):
    _, _, written, con = exported
    described = q(con, f"describe select * from read_parquet('{written[0]['file']}')")
    names = [name for name, *_ in described]
    assert names == FOCUS_COLUMNS + X_COLUMNS
    types = {name: type_ for name, type_, *_ in described}
    for column in ("BilledCost", "EffectiveCost", "ContractedCost", "ListCost", "ListUnitPrice",
                   "ContractedUnitPrice", "PricingQuantity", "ConsumedQuantity"):
        assert types[column] == "DOUBLE", column
    for column in ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"):
        assert types[column] == "TIMESTAMP WITH TIME ZONE", column
    # custom columns are prefixed x_, FOCUS columns are PascalCase alphanumerics
    assert all(n.startswith("x_") or (n[0].isupper() and n.isalnum()) for n in names)


def test_billing_period_and_charge_class_follow_the_month_close(exported):
    """Re-derived here from the raw export: a record ingested after its usage month's last day
    + CLOSE_DAYS is a Correction billed in its ingestion month; any other in its usage month."""
    _, _, _, con = exported
    rows = q(con, "select record_id, usage_date, ingestion_date from raw_usage")
    expected = {}
    for record_id, usage_date, ingestion_date in rows:
        month = usage_date.replace(day=1)
        next_month = (month + dt.timedelta(days=32)).replace(day=1)
        late = ingestion_date is not None and ingestion_date > next_month - dt.timedelta(days=1) + dt.timedelta(days=CLOSE_DAYS)
        expected[record_id] = ("Correction", ingestion_date.replace(day=1)) if late else (None, month)
    exported_rows = q(con, "select x_RecordId, ChargeClass, cast(BillingPeriodStart as date), ChargePeriodStart, x_UsageDate from focus")
    corrections = 0
    for record_id, charge_class, period, charge_start, usage_date in exported_rows:
        assert (charge_class, period) == expected[record_id], record_id
        assert charge_start.date() == usage_date  # the charge period stays the usage window
        corrections += charge_class == "Correction"
    assert corrections > 0


def test_billed_cost_reconciles_to_billing_usage_and_chargeback(exported):
    _, _, _, con = exported
    billed, net = q(con, """select (select sum(BilledCost) from focus),
                                   (select sum(net_cost_usd) from db.finops.fct_billing_usage where is_priced)""")[0]
    assert abs(billed - float(net)) < TOL
    per_month = q(con, """
        with billed as (
            select cast(BillingPeriodStart as date) as m, sum(BilledCost) as billed,
                   sum(BilledCost) filter (where ChargeClass = 'Correction') as moved_in
            from focus group by 1),
        moved_out as (
            select date_trunc('month', x_UsageDate)::date as m, sum(BilledCost) as moved_out
            from focus where ChargeClass = 'Correction' group by 1),
        chargeback as (
            select billing_month as m, sum(total_chargeback_usd)::double as chargeback
            from db.finops.fct_chargeback_monthly group by 1)
        select m, billed, coalesce(chargeback, 0), coalesce(moved_in, 0), coalesce(moved_out, 0)
        from billed full join chargeback using (m) full join moved_out using (m) order by m
    """)
    assert len(per_month) == 3
    moved = 0.0
    for month, billed, chargeback, moved_in, moved_out in per_month:
        assert abs(billed - (chargeback + moved_in - moved_out)) < TOL, month
        moved += abs(moved_in)
    assert moved > 0
    # the mart that reports the same, per month
    assert q(con, "select max(abs(unreconciled_usd)) from db.finops.rpt_focus_reconciliation")[0][0] < Decimal("1e-6")


def test_correction_to_a_closed_month_is_billed_when_it_lands(exported):
    """The sample's August record corrected on 2026-10-20: the retraction and restatement are
    Corrections billed in October for an August charge period; the original stays in August."""
    _, _, _, con = exported
    rows = q(con, f"""
        select x_RecordType, ChargeClass, cast(BillingPeriodStart as date), ChargePeriodStart,
               BilledCost, PricingQuantity
        from focus
        where x_UsageDate = date '{gen.FOCUS_CORRECTED_USAGE_DAY}' and x_RecordId in (
            select record_id from raw_usage
            where usage_metadata.cluster_id = (
                select usage_metadata.cluster_id from raw_usage
                where ingestion_date = date '{gen.FOCUS_CORRECTION_INGESTED}'
                  and usage_date = date '{gen.FOCUS_CORRECTED_USAGE_DAY}' and record_type = 'RETRACTION'))
          and hour(ChargePeriodStart) = 10
        order by 1
    """)
    by_type = {r[0]: r for r in rows}
    assert set(by_type) == {"ORIGINAL", "RETRACTION", "RESTATEMENT"}, rows
    assert by_type["ORIGINAL"][1:3] == (None, dt.date(2026, 8, 1))
    for record_type in ("RETRACTION", "RESTATEMENT"):
        assert by_type[record_type][1:3] == ("Correction", dt.date(2026, 10, 1))
        assert by_type[record_type][3] == by_type["ORIGINAL"][3]
    assert abs(by_type["RETRACTION"][4] + by_type["ORIGINAL"][4]) < TOL
    assert abs(by_type["RESTATEMENT"][5] - 1.25 * by_type["ORIGINAL"][5]) < 1e-9
    # all three net to the restated amount
    assert abs(sum(r[4] for r in rows) - by_type["RESTATEMENT"][4]) < TOL


def test_record_ending_at_a_price_change_is_priced_once_at_the_new_price(exported):
    _, _, _, con = exported
    change = gen.JOBS_SERVERLESS_CHANGE
    records = q(con, f"""
        select record_id, usage_quantity from raw_usage
        where sku_name = '{gen.FOCUS_PRICE_CHANGE_SKU}' and usage_end_time = timestamptz '{change.isoformat()}'""")
    assert records, "the sample must contain a record ending exactly at the price change"
    # an inclusive BETWEEN on the price window (Databricks' FOCUS query) would match two prices
    both = q(con, f"""
        select count(*) from read_parquet('{exported[0].export_dir}/list_prices/*.parquet')
        where sku_name = '{gen.FOCUS_PRICE_CHANGE_SKU}'
          and timestamptz '{change.isoformat()}' between price_start_time and coalesce(price_end_time, timestamptz '9999-01-01')""")[0][0]
    assert both == 2
    # the price starting at the change (list of (start, end, default, promotional, effective))
    new_price = float(next(p[4] for p in gen.LIST_PRICES[gen.FOCUS_PRICE_CHANGE_SKU] if p[0] == change))
    old_price = float(next(p[4] for p in gen.LIST_PRICES[gen.FOCUS_PRICE_CHANGE_SKU] if p[1] == change))
    assert new_price != old_price
    for record_id, quantity in records:
        rows = q(con, f"select ListUnitPrice, ListCost, BilledCost from focus where x_RecordId = '{record_id}'")
        assert len(rows) == 1
        list_unit_price, list_cost, _ = rows[0]
        assert list_unit_price == pytest.approx(new_price)
        assert list_cost == pytest.approx(float(quantity) * new_price, abs=TOL)


# ---------------------------------------------------------------------------------------
# The FinOps Foundation's validator
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def focus_validator():
    """Path of the focus-validator executable and the directory it must run from."""
    bin_dir = tool_venv(FOCUS_VENV_NAME, VALIDATOR_DIR / "requirements.txt")
    # the validator reads its currency list from a path relative to the working directory
    package_root = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))"],
        check=True, capture_output=True, text=True).stdout.strip()
    return bin_dir / "focus-validator", package_root


def run_validator(focus_validator, data_file: Path, report: Path | None = None):
    executable, cwd = focus_validator
    cmd = [str(executable), "--data-file", str(data_file), "--validate-version", "1.0",
           "--override-file", str(VALIDATOR_DIR / "overrides.yaml")]
    if report:
        cmd += ["--output-type", "unittest", "--output-destination", str(report)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900)


def test_focus_validator_passes_every_exported_file(exported, focus_validator, tmp_path):
    _, _, written, con = exported
    present = set(FOCUS_COLUMNS)
    for item in written:
        console = run_validator(focus_validator, item["file"])
        assert console.returncode == 0 and "Validation succeeded." in console.stdout, console.stdout + console.stderr
        report = tmp_path / f"{item['period']}.xml"
        assert run_validator(focus_validator, item["file"], report).returncode == 0
        root = ET.parse(report).getroot()
        counts = {k: int(root.get(k)) for k in ("tests", "failures", "errors", "skipped")}
        assert counts["failures"] == 0 and counts["errors"] == 0 and counts["skipped"] == 34, counts
        on_exported = sum(1 for suite in root.iter("testsuite")
                          for case in suite.iter("testcase")
                          if suite.get("name").rsplit("-", 1)[1] in present and case.find("skipped") is None)
        assert on_exported >= 70, on_exported
        print(f"focus-validator 1.0.0 (FOCUS 1.0 rules) on {item['file'].name}: {console.stdout.strip()} "
              f"{counts['tests']} checks, {counts['tests'] - counts['skipped']} passed "
              f"({on_exported} on columns of the export), {counts['skipped']} skipped, 0 failed")


def test_focus_validator_rejects_a_broken_file(exported, focus_validator, tmp_path):
    """The validator run is not a formality: a file with an unknown ServiceCategory, a null
    BilledCost and a bad currency fails."""
    _, _, written, con = exported
    broken = tmp_path / "broken.parquet"
    con.execute(f"""copy (
        select * replace (
            case when x_RecordId = (select min(x_RecordId) from read_parquet('{written[0]['file']}')) then 'Cloud Stuff' else ServiceCategory end as ServiceCategory,
            case when x_RecordId = (select max(x_RecordId) from read_parquet('{written[0]['file']}')) then null else BilledCost end as BilledCost,
            'US$' as BillingCurrency)
        from read_parquet('{written[0]['file']}')) to '{broken}' (format parquet)""")
    result = run_validator(focus_validator, broken)
    assert "Validation failed!" in result.stdout, result.stdout + result.stderr
    for check in ("ServiceCategory_Enum", "BilledCost_NotNull", "BillingCurrency_IsCurrencyCode"):
        assert check in result.stdout, check
