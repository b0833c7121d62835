#!/usr/bin/env python
"""Generate a fictional Databricks account as a Parquet export of the billing system tables.

Writes one subfolder per table (usage/, list_prices/, workspaces_latest/, account_prices/,
jobs/, pipelines/, warehouses/, served_entities/, endpoint_usage/), each holding one or more
``*.parquet`` files with the system tables' schema (nested types kept).

Determinism: the records of one usage day depend only on (seed, day, workspace index, scale),
never on the start or end date, so a later export is a superset of an earlier one except for
records that had not landed yet. The export is "as of" end_date: only records with
ingestion_date <= end_date are written. Corrections (RETRACTION + RESTATEMENT pairs) land
3-20 days after the usage day, originals 0-2 days after.

Everything is vectorised with numpy and Arrow: Python loops run per day, workspace and
workload catalog entry, never per record.

Demo events for budgets and anomaly alerts (function apply_demo_events, docs block
`sample_account_events`): a runaway job (serverless job ingest_customers_serverless in
ml-prod at 10x its daily cost on 2026-10-28 and 2026-10-29), a new serving endpoint
(genai-assistant-gpu-ml in ml-prod from 2026-10-15) and a quiet workspace (sandbox-dev records
only storage from 2026-09-14 to 2026-09-20).

Usage:
    python scripts/generate_sample_account.py --out DIR [--start-date 2026-08-01]
        [--end-date 2026-10-31] [--workspaces 4] [--scale 1.0] [--seed 42] [--records N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
import zlib
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

# --------------------------------------------------------------------------------------
# Schemas (exactly the system tables' shapes)
# --------------------------------------------------------------------------------------
DEC = pa.decimal128(38, 18)
TS = pa.timestamp("us", tz="UTC")
STR = pa.string()

USAGE_METADATA_FIELDS = [
    "cluster_id", "job_id", "warehouse_id", "instance_pool_id", "node_type", "job_run_id",
    "notebook_id", "dlt_pipeline_id", "endpoint_name", "endpoint_id", "dlt_update_id",
    "dlt_maintenance_id", "run_name", "job_name", "notebook_path", "central_clean_room_id",
    "source_region", "destination_region", "app_id", "app_name", "metastore_id",
    "private_endpoint_name", "storage_api_type", "budget_policy_id", "ai_runtime_pool_id",
    "ai_runtime_workload_id", "uc_table_catalog", "uc_table_schema", "uc_table_name",
    "database_instance_id", "sharing_materialization_id", "schema_id", "usage_policy_id",
    "base_environment_id", "agent_bricks_id", "index_id", "catalog_id",
]
USAGE_METADATA_TYPE = pa.struct([pa.field(f, STR) for f in USAGE_METADATA_FIELDS])
IDENTITY_TYPE = pa.struct([pa.field("run_as", STR), pa.field("owned_by", STR), pa.field("created_by", STR)])
PF_FIELDS = [
    pa.field("jobs_tier", STR),
    pa.field("sql_tier", STR),
    pa.field("dlt_tier", STR),
    pa.field("is_serverless", pa.bool_()),
    pa.field("is_photon", pa.bool_()),
    pa.field("serving_type", STR),
    pa.field("networking", pa.struct([pa.field("connectivity_type", STR)])),
    pa.field("ai_runtime", pa.struct([pa.field("compute_type", STR)])),
    pa.field("model_serving", pa.struct([pa.field("offering_type", STR)])),
    pa.field("performance_target", STR),
]
PRODUCT_FEATURES_TYPE = pa.struct(PF_FIELDS)
TAGS_TYPE = pa.map_(STR, STR)

USAGE_SCHEMA = pa.schema([
    ("record_id", STR), ("account_id", STR), ("workspace_id", STR), ("sku_name", STR),
    ("cloud", STR), ("usage_start_time", TS), ("usage_end_time", TS),
    ("usage_date", pa.date32()), ("custom_tags", TAGS_TYPE), ("usage_unit", STR),
    ("usage_quantity", DEC), ("usage_metadata", USAGE_METADATA_TYPE),
    ("identity_metadata", IDENTITY_TYPE), ("record_type", STR),
    ("ingestion_date", pa.date32()), ("billing_origin_product", STR),
    ("product_features", PRODUCT_FEATURES_TYPE), ("usage_type", STR),
])
PRICING_TYPE = pa.struct([
    pa.field("default", DEC),
    pa.field("promotional", pa.struct([pa.field("default", DEC)])),
    pa.field("effective_list", pa.struct([pa.field("default", DEC)])),
])
PRICES_SCHEMA = pa.schema([
    ("price_start_time", TS), ("price_end_time", TS), ("account_id", STR), ("sku_name", STR),
    ("cloud", STR), ("currency_code", STR), ("usage_unit", STR), ("pricing", PRICING_TYPE),
])
WORKSPACES_SCHEMA = pa.schema([
    ("account_id", STR), ("workspace_id", STR), ("workspace_name", STR),
    ("workspace_url", STR), ("create_time", TS), ("status", STR),
])
JOBS_SCHEMA = pa.schema([
    ("account_id", STR), ("workspace_id", STR), ("job_id", STR), ("name", STR),
    ("description", STR), ("creator_id", STR), ("run_as", STR), ("change_time", TS),
    ("delete_time", TS),
])
PIPELINES_SCHEMA = pa.schema([
    ("account_id", STR), ("workspace_id", STR), ("pipeline_id", STR), ("name", STR),
    ("create_time", TS),
])
WAREHOUSES_SCHEMA = pa.schema([
    ("account_id", STR), ("workspace_id", STR), ("warehouse_id", STR),
    ("warehouse_name", STR), ("owned_by", STR), ("change_time", TS), ("delete_time", TS),
])
SERVED_ENTITIES_SCHEMA = pa.schema([
    ("served_entity_id", STR), ("account_id", STR), ("workspace_id", STR),
    ("endpoint_name", STR), ("endpoint_id", STR), ("entity_type", STR), ("entity_name", STR),
    ("entity_version", STR), ("created_by", STR), ("change_time", TS),
])
ENDPOINT_USAGE_SCHEMA = pa.schema([
    ("account_id", STR), ("workspace_id", STR), ("served_entity_id", STR),
    ("request_time", TS), ("requester", STR), ("input_token_count", pa.int64()),
    ("output_token_count", pa.int64()), ("status_code", pa.int32()),
])
SCHEMAS = {
    "usage": USAGE_SCHEMA, "list_prices": PRICES_SCHEMA, "account_prices": PRICES_SCHEMA,
    "workspaces_latest": WORKSPACES_SCHEMA, "jobs": JOBS_SCHEMA, "pipelines": PIPELINES_SCHEMA,
    "warehouses": WAREHOUSES_SCHEMA, "served_entities": SERVED_ENTITIES_SCHEMA,
    "endpoint_usage": ENDPOINT_USAGE_SCHEMA,
}

# --------------------------------------------------------------------------------------
# The fictional organisation (ids are stable: they do not depend on seed, scale or dates)
# --------------------------------------------------------------------------------------
ACCOUNT_ID = "7d3c9a52-1e4b-4f0a-9c6d-2b8e5f1a3c47"
CLOUD = "AWS"
WORKSPACES = [  # (id, name, role)
    ("6051921418418893", "analytics-prod", 0),
    ("7474650313055211", "ml-prod", 1),
    ("3284796106522790", "data-eng-prod", 2),
    ("8923457702611450", "sandbox-dev", 3),
]
ROLE_NAMES = ["analytics", "ml", "data-eng", "sandbox"]
POLICY_ML = "3f6b2a91-8c4d-4e7f-a1b2-5c9d0e3f7a61"         # tags team=ml
POLICY_MARKETING = "9a1e5c37-2b6d-4f80-b3c4-7d8e9f0a1b22"  # tags budget-policy=marketing-analytics, env=prod
POLICY_SANDBOX = "c4d7e8f9-0a1b-4c2d-9e3f-4a5b6c7d8e93"    # tags env=dev
POLICY_TAGS = {
    POLICY_ML: {"team": "ml"},
    POLICY_MARKETING: {"budget-policy": "marketing-analytics", "env": "prod"},
    POLICY_SANDBOX: {"env": "dev"},
}
SP_ETL = "5e2f8a10-3c7b-4d91-8f6e-1a2b3c4d5e6f"       # service principal running ETL jobs
SP_ML = "a8c1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e"        # service principal running ML jobs
SP_REPORTING = "d1e2f3a4-b5c6-4d7e-9f8a-0b1c2d3e4f5a"  # service principal running reporting jobs
USERS = [
    "data.engineer1@example.com", "data.engineer2@example.com", "data.engineer3@example.com",
    "data.engineer4@example.com", "analyst1@example.com", "analyst2@example.com",
    "analyst3@example.com", "ml.scientist1@example.com", "ml.scientist2@example.com",
    "ml.scientist3@example.com",
]
SPS = [SP_ETL, SP_ML, SP_REPORTING]
UNPRICED_SKU = "PREMIUM_AI_RUNTIME_SERVERLESS_GPU_COMPUTE_US_EAST"
UNPRICED_FROM = dt.date(2026, 10, 29)

# SKU -> (billing_origin_product-agnostic) usage_unit, list price periods
# price periods: list of (start, end_or_None, default, promotional_or_None, effective)
PRICE_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
JOBS_SERVERLESS_CHANGE = dt.datetime(2026, 9, 15, tzinfo=dt.timezone.utc)
PROMO_START = dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc)
PROMO_END = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)
SKU_UNITS = {
    "PREMIUM_ALL_PURPOSE_COMPUTE": "DBU",
    "PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)": "DBU",
    "PREMIUM_JOBS_COMPUTE": "DBU",
    "PREMIUM_JOBS_COMPUTE_(PHOTON)": "DBU",
    "PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST": "DBU",
    "PREMIUM_INTERACTIVE_SERVERLESS_COMPUTE_US_EAST": "DBU",
    "PREMIUM_SQL_PRO_COMPUTE_US_EAST": "DBU",
    "PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST": "DBU",
    "PREMIUM_DLT_ADVANCED_COMPUTE": "DBU",
    "PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_US_EAST": "DBU",
    "PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_LAUNCH_US_EAST": "DBU",
    "PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_TOKENS_US_EAST": "TOKEN",
    "PREMIUM_VECTOR_SEARCH_ENDPOINT_US_EAST": "DBU",
    "PREMIUM_DATABRICKS_STORAGE_US_EAST": "GB_MONTH",
    "PREMIUM_PUBLIC_CONNECTIVITY_DATA_PROCESSED_US_EAST": "GIGABYTE",
    "PREMIUM_SERVERLESS_APPS_US_EAST": "DBU",
    UNPRICED_SKU: "DBU",
}
LIST_PRICES = {  # sku -> list of (start, end, default, promotional, effective_list)
    "PREMIUM_ALL_PURPOSE_COMPUTE": [(None, None, "0.55", None, "0.55")],
    "PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)": [(None, None, "0.55", None, "0.55")],
    "PREMIUM_JOBS_COMPUTE": [(None, None, "0.15", None, "0.15")],
    "PREMIUM_JOBS_COMPUTE_(PHOTON)": [(None, None, "0.15", None, "0.15")],
    "PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST": [
        (None, JOBS_SERVERLESS_CHANGE, "0.37", None, "0.37"),
        (JOBS_SERVERLESS_CHANGE, None, "0.35", None, "0.35"),
    ],
    "PREMIUM_INTERACTIVE_SERVERLESS_COMPUTE_US_EAST": [(None, None, "0.95", None, "0.95")],
    "PREMIUM_SQL_PRO_COMPUTE_US_EAST": [(None, None, "0.55", None, "0.55")],
    "PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST": [
        (None, PROMO_START, "0.70", None, "0.70"),
        (PROMO_START, PROMO_END, "0.70", "0.56", "0.56"),
        (PROMO_END, None, "0.70", None, "0.70"),
    ],
    "PREMIUM_DLT_ADVANCED_COMPUTE": [(None, None, "0.36", None, "0.36")],
    "PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_US_EAST": [(None, None, "0.07", None, "0.07")],
    "PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_LAUNCH_US_EAST": [(None, None, "0.07", None, "0.07")],
    "PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_TOKENS_US_EAST": [(None, None, "0.000002", None, "0.000002")],
    "PREMIUM_VECTOR_SEARCH_ENDPOINT_US_EAST": [(None, None, "0.28", None, "0.28")],
    "PREMIUM_DATABRICKS_STORAGE_US_EAST": [(None, None, "0.023", None, "0.023")],
    "PREMIUM_PUBLIC_CONNECTIVITY_DATA_PROCESSED_US_EAST": [(None, None, "0.01", None, "0.01")],
    "PREMIUM_SERVERLESS_APPS_US_EAST": [(None, None, "0.50", None, "0.50")],
    # UNPRICED_SKU deliberately has no list price.
}
ACCOUNT_DISCOUNT = {  # account_prices: negotiated discount off list per SKU
    "PREMIUM_JOBS_COMPUTE": "0.85", "PREMIUM_JOBS_COMPUTE_(PHOTON)": "0.85",
    "PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST": "0.88", "PREMIUM_SQL_PRO_COMPUTE_US_EAST": "0.82",
    "PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST": "0.82",
}
DEFAULT_ACCOUNT_DISCOUNT = "0.90"

# Tag profiles: messy, like real accounts.
TAG_PROFILES = {
    "none": None,
    "empty": {},
    "env_dev": {"env": "dev"},
    "cc_a": {"CostCenter": "CC-2000", "env": "prod"},
    "cc_b": {"cost-center": " cc-2000"},
    "cc_c": {"cost_center": "CC-3000 ", "team": "ml"},
    "cc_d": {"COST_CENTER": "cc-4000"},
    "cc_e": {" Cost Center ": "CC-5000", "env": "prod"},
    "cc_f": {"CostCenter": "CC-1000"},
    "cc_g": {"cost_center": "CC-1100", "env": "prod"},
    "cc_h": {"cost-center": "CC-3100"},
    "cc_bad1": {"CostCenter": "CC-9999"},
    "cc_bad2": {"cost-center": "marketing", "team": "growth"},
    "team_ml": {"team": "ml", "env": "prod"},
    "team_bi": {"Team": "bi"},
    "team_growth": {"team": "growth", "project": "churn"},
    "proj_recsys": {"project": "recsys", "env": "prod"},
    "proj_churn": {"project": "churn"},
}
TAG_PATTERN = [
    "cc_a", "team_ml", "none", "cc_d", "team_bi", "cc_b", "env_dev", "proj_recsys", "cc_e",
    "team_growth", "cc_f", "empty", "cc_c", "cc_bad1", "team_bi", "cc_g", "none", "cc_h",
    "proj_churn", "cc_a", "cc_bad2", "team_ml", "env_dev", "cc_d",
]
SANDBOX_TAG_PATTERN = ["env_dev", "none", "empty", "team_ml", "env_dev", "none", "cc_bad1", "cc_b"]
POLICY_PATTERN = [POLICY_MARKETING, POLICY_ML, None, POLICY_SANDBOX, POLICY_ML,
                  POLICY_MARKETING, POLICY_SANDBOX, POLICY_ML]

KINDS = ["ap", "cj", "sj", "nb", "whc", "whs", "cdlt", "sdlt", "ms", "vs", "st", "net", "app", "air", "ms_launch"]
BASE_COUNTS = {
    0: dict(ap=8, cj=8, sj=10, nb=12, whc=2, whs=4, cdlt=1, sdlt=2, ms=2, vs=1, st=1, net=1, app=1, air=0),
    1: dict(ap=10, cj=6, sj=10, nb=12, whc=0, whs=1, cdlt=0, sdlt=2, ms=4, vs=1, st=1, net=1, app=1, air=1),
    2: dict(ap=5, cj=20, sj=20, nb=6, whc=1, whs=1, cdlt=4, sdlt=4, ms=1, vs=0, st=1, net=2, app=0, air=0),
    3: dict(ap=4, cj=4, sj=6, nb=8, whc=0, whs=1, cdlt=0, sdlt=0, ms=1, vs=0, st=1, net=0, app=0, air=0),
}
# Many small workloads: the row-heavy kinds get DENSITY x the base count at SIZE_FACTOR x size.
DENSITY = dict(ap=3, cj=2, sj=2, nb=2)
SIZE_FACTOR = dict(ap=0.37, cj=0.55, sj=0.55, nb=0.45)
SERVING_TYPES = {0: ["FM", "CPU_S2Z"], 1: ["CPU_S2Z", "GPU", "FM", "CPU"], 2: ["CPU"], 3: ["CPU_S2Z"]}
SERVING_CYCLE = ["CPU", "CPU_S2Z", "FM", "GPU"]
# Workloads explicitly left untagged so that resource-level attribution is exercised.
FORCE_UNTAGGED = {(2, "cj", 0), (2, "cj", 1), (0, "whc", 0), (1, "ms", 0), (2, "sj", 2)}
# Jobs deleted during the period (they stop running at delete time).
DELETED_JOBS = {(2, "cj", 9): dt.date(2026, 10, 20), (0, "sj", 3): dt.date(2026, 9, 10)}

JOB_WORDS = ["orders", "customers", "events", "sessions", "inventory", "payments", "clicks",
             "campaigns", "features", "invoices", "shipments", "returns", "leads", "forecast"]
JOB_VERBS = ["ingest", "etl", "aggregate", "refresh", "export", "score", "train", "dedupe"]

# --------------------------------------------------------------------------------------
# Vectorised hashing / formatting helpers
# --------------------------------------------------------------------------------------
_U = np.uint64


def _mix(x):
    x = x + _U(0x9E3779B97F4A7C15)
    x = (x ^ (x >> _U(30))) * _U(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> _U(27))) * _U(0x94D049BB133111EB)
    return x ^ (x >> _U(31))


def h64(*parts):
    """splitmix64-based hash of integer scalars/arrays (broadcast) -> uint64 array."""
    with np.errstate(over="ignore"):
        h = np.atleast_1d(np.asarray(0x5DEECE66D, dtype=np.uint64))
        for p in parts:
            p = np.atleast_1d(np.asarray(p)).astype(np.int64).view(np.uint64)
            h = _mix(h ^ p)
        return h


def skey(s: str) -> int:
    return zlib.crc32(s.encode())


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _hex_chars(words):
    """(N,k) uint64 -> (N,16k) uint8 ascii hex chars."""
    words = np.ascontiguousarray(words, dtype=">u8")
    b = words.view(np.uint8).reshape(words.shape[0], -1)
    out = np.empty((b.shape[0], b.shape[1] * 2), dtype=np.uint8)
    out[:, 0::2] = _HEX[b >> 4]
    out[:, 1::2] = _HEX[b & 15]
    return out


def _fixed_strings(chars):
    n, width = chars.shape
    offsets = (np.arange(n + 1, dtype=np.int32) * width).astype(np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()),
                                       pa.py_buffer(np.ascontiguousarray(chars).tobytes()))


def uuid_strings(h1):
    h1 = np.atleast_1d(h1).astype(np.uint64)
    with np.errstate(over="ignore"):
        h2 = _mix(h1 ^ _U(0xD1B54A32D192ED03))
    c = _hex_chars(np.stack([h1, h2], axis=1))
    c[:, 12] = ord("4")
    c[:, 16] = _HEX[8 + (c[:, 16] % 4)]
    out = np.full((c.shape[0], 36), ord("-"), dtype=np.uint8)
    out[:, 0:8] = c[:, 0:8]
    out[:, 9:13] = c[:, 8:12]
    out[:, 14:18] = c[:, 12:16]
    out[:, 19:23] = c[:, 16:20]
    out[:, 24:36] = c[:, 20:32]
    return _fixed_strings(out)


def hex_strings(h, nchars):
    c = _hex_chars(np.atleast_1d(h).astype(np.uint64).reshape(-1, 1))
    return _fixed_strings(np.ascontiguousarray(c[:, 16 - nchars:]))


def uuid1(*parts) -> str:
    return uuid_strings(h64(*parts))[0].as_py()


def num_id(*parts, lo=10**14, span=9 * 10**14):
    return (h64(*parts) % _U(span)).astype(np.int64) + lo


def cluster_id_strings(day: dt.date, h):
    """Cluster ids like 0901-123456-abcd1234 (vectorised)."""
    h = np.atleast_1d(h).astype(np.uint64)
    n = len(h)
    mid = ((h >> _U(20)) % _U(900000)).astype(np.int64) + 100000
    prefix = pa.array(np.full(n, day.strftime("%m%d")), type=STR) if n else pa.array([], STR)
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(mid), STR), hex_strings(h, 8), "-")


def decimal_array(int_part, frac18):
    """Exact decimal(38,18) array from integer part (int64, may be negative) and an
    18-digit fractional part (uint64 < 1e18, applied with the sign of the value)."""
    neg = np.asarray(int_part) < 0
    a = np.abs(np.asarray(int_part, dtype=np.int64)).astype(np.uint64)
    b = np.asarray(frac18, dtype=np.uint64)
    c = 10**18
    c_hi, c_lo = _U(c >> 32), _U(c & 0xFFFFFFFF)
    with np.errstate(over="ignore"):
        p_lo = a * c_lo  # < 2^64 as a < 2^32
        p_hi = a * c_hi
        low = p_lo + (p_hi << _U(32))
        carry = (low < p_lo).astype(np.uint64)
        high = (p_hi >> _U(32)) + carry
        low2 = low + b
        carry = (low2 < low).astype(np.uint64)
        high = high + carry
        low = low2
        # two's complement for negative values
        nl = ~low + _U(1)
        nh = ~high + (nl == 0).astype(np.uint64)
        low = np.where(neg, nl, low)
        high = np.where(neg, nh, high)
    words = np.empty((len(low), 2), dtype="<u8")
    words[:, 0] = low
    words[:, 1] = high
    return pa.Array.from_buffers(DEC, len(low), [None, pa.py_buffer(words.tobytes())])


def ts_array(micros):
    return pa.array(np.asarray(micros, dtype=np.int64), type=TS)


def _epoch_days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _ts(d) -> dt.datetime:
    if isinstance(d, dt.datetime):
        return d
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc)


# --------------------------------------------------------------------------------------
# Workload catalog per workspace (stable ids)
# --------------------------------------------------------------------------------------
def workspace_info(w: int):
    if w < len(WORKSPACES):
        return WORKSPACES[w]
    role = w % 4
    wid = str(int(num_id(skey("workspace"), w, lo=10**15, span=9 * 10**15)[0]))
    return (wid, f"{ROLE_NAMES[role]}-{w}", role)


def _metadata(**kw):
    md = {f: None for f in USAGE_METADATA_FIELDS}
    md.update(kw)
    return md


def _pf(**kw):
    pf = dict(jobs_tier=None, sql_tier=None, dlt_tier=None, is_serverless=False, is_photon=False,
              serving_type=None, networking=None, ai_runtime=None, model_serving=None,
              performance_target=None)
    pf.update(kw)
    return pf


def _merge_tags(own, policy):
    if policy is None:
        return None if own is None else dict(own)
    tags = dict(POLICY_TAGS[policy])
    if own:
        tags.update(own)
    return tags


def build_catalog(w: int, scale: float):
    """List of workload dicts for workspace w (entries needed by every kind)."""
    wid, wname, role = workspace_info(w)
    nscale = max(1.0, scale)
    cat = []

    def add(kind, i, **e):
        if role == 3:
            e.setdefault("tags_name", SANDBOX_TAG_PATTERN[(i + KINDS.index(kind)) % len(SANDBOX_TAG_PATTERN)])
        e.setdefault("tags_name", TAG_PATTERN[(i * 5 + w * 3 + KINDS.index(kind) * 7) % len(TAG_PATTERN)])
        if (w, kind, i) in FORCE_UNTAGGED:
            e["tags_name"] = "none"
        e.update(kind=kind, i=i)
        e.setdefault("ident", dict(run_as=None, owned_by=None, created_by=None))
        e.setdefault("policy", None)
        e.setdefault("deleted", DELETED_JOBS.get((w, kind, i)))
        own = TAG_PROFILES[e["tags_name"]]
        e["tags"] = _merge_tags(own, e["policy"])
        cat.append(e)
        return e

    counts = {k: int(round(BASE_COUNTS[role].get(k, 0) * DENSITY.get(k, 1) * nscale)) for k in KINDS}
    ws_users = USERS[(w * 3) % len(USERS):] + USERS[:(w * 3) % len(USERS)]

    for i in range(counts["ap"]):
        cid = cluster_id_strings(dt.date(2025, 3 + (i % 9), 1), h64(skey("ap"), w, i))[0].as_py()
        photon = i % 3 == 1
        user = ws_users[i % len(ws_users)]
        add("ap", i, sku="PREMIUM_ALL_PURPOSE_COMPUTE_(PHOTON)" if photon else "PREMIUM_ALL_PURPOSE_COMPUTE",
            bop="ALL_PURPOSE", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(cluster_id=cid, node_type=["i3.xlarge", "m5d.2xlarge", "r5d.4xlarge"][i % 3]),
            pf=_pf(is_photon=photon), name=f"{user.split('@')[0]}'s cluster", owner=user,
            size=float(2 + 10 * np.random.default_rng([w, i, 1]).random()))
    for i in range(counts["cj"]):
        jid = str(int(num_id(skey("job"), w, i, lo=10**14, span=9 * 10**14)[0]))
        photon = i % 4 == 2
        run_as = [SP_ETL, SP_REPORTING, USERS[i % 4], SP_ML][i % 4] if role != 3 else USERS[2 + i % 2]
        name = f"{JOB_VERBS[(i + w) % len(JOB_VERBS)]}_{JOB_WORDS[(i * 3 + w) % len(JOB_WORDS)]}"
        add("cj", i, sku="PREMIUM_JOBS_COMPUTE_(PHOTON)" if photon else "PREMIUM_JOBS_COMPUTE",
            bop="JOBS", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(job_id=jid, node_type="m5d.2xlarge"),
            pf=_pf(jobs_tier="CLASSIC", is_photon=photon),
            ident=dict(run_as=run_as, owned_by=None, created_by=None), name=name, job_id=jid,
            runs=[1, 1, 2, 4, 1, 2][i % 6], start=(2 + 3 * i) % 20, size=float(6 + 30 * ((i * 7 + w) % 10) / 10))
    for i in range(counts["sj"]):
        jid = str(int(num_id(skey("sjob"), w, i, lo=10**14, span=9 * 10**14)[0]))
        run_as = [SP_ETL, USERS[(i + w) % len(USERS)], SP_ML, SP_REPORTING][i % 4] if role != 3 else USERS[2 + i % 2]
        name = f"{JOB_VERBS[(i + 2 * w + 3) % len(JOB_VERBS)]}_{JOB_WORDS[(i * 5 + w + 1) % len(JOB_WORDS)]}_serverless"
        pol = POLICY_PATTERN[(i + w) % len(POLICY_PATTERN)] if (w, "sj", i) not in FORCE_UNTAGGED else None
        add("sj", i, sku="PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST", bop="JOBS", unit="DBU",
            utype="COMPUTE_TIME", md=_metadata(job_id=jid, job_name=name, budget_policy_id=pol),
            pf=_pf(is_serverless=True, performance_target=["PERFORMANCE_OPTIMIZED", "STANDARD"][i % 2]),
            ident=dict(run_as=run_as, owned_by=None, created_by=None), policy=pol, name=name, job_id=jid,
            runs=[1, 2, 1, 3][i % 4], start=(1 + 2 * i) % 18, size=float(4 + 16 * ((i * 3 + w) % 7) / 7))
    for i in range(counts["nb"]):
        user = ws_users[i % len(ws_users)]
        nid = str(int(num_id(skey("notebook"), w, i, lo=10**15, span=9 * 10**15)[0]))
        pol = None
        if user.startswith("ml."):
            pol = POLICY_ML
        elif user.startswith("analyst"):
            pol = POLICY_MARKETING if user != "analyst3@example.com" else None
        elif user in ("data.engineer1@example.com", "data.engineer2@example.com"):
            pol = POLICY_SANDBOX
        add("nb", i, sku="PREMIUM_INTERACTIVE_SERVERLESS_COMPUTE_US_EAST", bop="INTERACTIVE",
            unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(notebook_id=nid, notebook_path=f"/Users/{user}/{JOB_WORDS[(i + w) % len(JOB_WORDS)]}_exploration",
                         budget_policy_id=pol),
            pf=_pf(is_serverless=True), ident=dict(run_as=user, owned_by=None, created_by=None),
            policy=pol, tags_name="none" if i % 2 == 0 else "team_growth" if i % 4 == 1 else "env_dev",
            size=float(1 + 3 * ((i + w) % 5) / 5))
    for i in range(counts["whc"]):
        whid = hex_strings(h64(skey("wh"), w, i), 16)[0].as_py()
        owner = ws_users[(i + 4) % len(ws_users)]
        add("whc", i, sku="PREMIUM_SQL_PRO_COMPUTE_US_EAST", bop="SQL", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(warehouse_id=whid), pf=_pf(sql_tier="PRO"),
            ident=dict(run_as=None, owned_by=owner, created_by=None), name=f"{ROLE_NAMES[role]} pro warehouse {i + 1}",
            owner=owner, wh_id=whid, size=float([12, 24, 6][i % 3]), hours=[14, 24, 10][i % 3])
    for i in range(counts["whs"]):
        whid = hex_strings(h64(skey("whs"), w, i), 16)[0].as_py()
        owner = ws_users[(i + 5) % len(ws_users)]
        add("whs", i, sku="PREMIUM_SERVERLESS_SQL_COMPUTE_US_EAST", bop="SQL", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(warehouse_id=whid), pf=_pf(sql_tier="PRO", is_serverless=True),
            ident=dict(run_as=None, owned_by=owner, created_by=None), name=f"{ROLE_NAMES[role]} serverless {['small', 'medium', 'large'][i % 3]}",
            owner=owner, wh_id=whid, size=float([12, 24, 40][i % 3]), p=0.55)
    for i in range(counts["cdlt"]):
        pid = uuid1(skey("pipeline"), w, i)
        cid = cluster_id_strings(dt.date(2025, 6, 1 + i % 28), h64(skey("dltc"), w, i))[0].as_py()
        add("cdlt", i, sku="PREMIUM_DLT_ADVANCED_COMPUTE", bop="DLT", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(dlt_pipeline_id=pid, cluster_id=cid), pf=_pf(dlt_tier="ADVANCED"),
            ident=dict(run_as=SP_ETL, owned_by=None, created_by=None),
            name=f"dlt_{JOB_WORDS[(i * 2 + w) % len(JOB_WORDS)]}_bronze_silver", pipeline_id=pid,
            runs=[2, 1, 3][i % 3], start=3 + i, size=float(8 + 6 * i % 20))
    for i in range(counts["sdlt"]):
        pid = uuid1(skey("spipeline"), w, i)
        pol = POLICY_PATTERN[(i + w + 1) % len(POLICY_PATTERN)]
        add("sdlt", i, sku="PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST", bop="DLT", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(dlt_pipeline_id=pid, budget_policy_id=pol),
            pf=_pf(dlt_tier="ADVANCED", is_serverless=True, performance_target="STANDARD"),
            ident=dict(run_as=SP_ETL, owned_by=None, created_by=None), policy=pol,
            name=f"sdlt_{JOB_WORDS[(i * 3 + w + 5) % len(JOB_WORDS)]}_gold", pipeline_id=pid,
            runs=[1, 2][i % 2], start=4 + 2 * i, size=float(6 + 4 * i))
    types = SERVING_TYPES[role]
    for i in range(counts["ms"]):
        st = types[i] if i < len(types) else SERVING_CYCLE[i % len(SERVING_CYCLE)]
        eid = uuid1(skey("endpoint"), w, i)
        ename = {"CPU": "fraud-scorer", "CPU_S2Z": "churn-model", "GPU": "recsys-ranker", "FM": "support-assistant"}[st]
        ename = f"{ename}-{ROLE_NAMES[role]}" + (f"-{i}" if i >= len(types) else "")
        creator = ws_users[(i + 7) % len(ws_users)]
        base = dict(bop="MODEL_SERVING", md=_metadata(endpoint_name=ename, endpoint_id=eid),
                    ident=dict(run_as=None, owned_by=None, created_by=creator), endpoint_name=ename,
                    endpoint_id=eid, stype=st, creator=creator)
        if st == "FM":
            add("ms", i, sku="PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_TOKENS_US_EAST", unit="TOKEN", utype="TOKEN",
                pf=_pf(is_serverless=True, serving_type="FOUNDATION_MODEL", model_serving=dict(offering_type="PAY_PER_TOKEN")),
                launch=False, p=0.9, size=400000.0, **base)
        else:
            stype = "GPU_MODEL" if st == "GPU" else "MODEL"
            utype = "GPU_TIME" if st == "GPU" and (w % 2 == 1) else "COMPUTE_TIME"
            pf = _pf(is_serverless=True, serving_type=stype)
            s2z = st == "CPU_S2Z"
            add("ms", i, sku="PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_US_EAST", unit="DBU", utype=utype, pf=pf,
                launch=False, p=0.35 if s2z else 1.0, s2z=s2z,
                size={"CPU": 6.0, "CPU_S2Z": 8.0, "GPU": 40.0}[st], **base)
            if s2z:
                add("ms_launch", i, sku="PREMIUM_SERVERLESS_REAL_TIME_INFERENCE_LAUNCH_US_EAST", unit="DBU",
                    utype=utype, pf=pf, launch=True, size=1.0,
                    tags_name=cat[-1]["tags_name"], **base)
    for i in range(counts["vs"]):
        eid = uuid1(skey("vsendpoint"), w, i)
        add("vs", i, sku="PREMIUM_VECTOR_SEARCH_ENDPOINT_US_EAST", bop="VECTOR_SEARCH", unit="DBU",
            utype="COMPUTE_TIME", md=_metadata(endpoint_name=f"vs-{ROLE_NAMES[role]}-{i}", endpoint_id=eid),
            pf=_pf(is_serverless=True), size=4.0)
    for i in range(counts["st"]):
        add("st", i, sku="PREMIUM_DATABRICKS_STORAGE_US_EAST", bop="DEFAULT_STORAGE", unit="GB_MONTH",
            utype="STORAGE_SPACE", md=_metadata(storage_api_type="TIER_1", metastore_id=uuid1(skey("metastore"))),
            pf=_pf(is_serverless=True), size=float(20000 + 40000 * ((w * 37 + i) % 10) / 10))
    regions = ["us-west-2", "eu-west-1", "ap-southeast-2"]
    for i in range(counts["net"]):
        add("net", i, sku="PREMIUM_PUBLIC_CONNECTIVITY_DATA_PROCESSED_US_EAST", bop="NETWORKING", unit="GIGABYTE",
            utype="NETWORK_BYTE", md=_metadata(source_region="us-east-1", destination_region=regions[(i + w) % 3]),
            pf=_pf(is_serverless=True, networking=dict(connectivity_type="PUBLIC_CONNECTIVITY")), size=400.0)
    for i in range(counts["app"]):
        aid = uuid1(skey("app"), w, i)
        creator = ws_users[(i + 1) % len(ws_users)]
        add("app", i, sku="PREMIUM_SERVERLESS_APPS_US_EAST", bop="APPS", unit="DBU", utype="COMPUTE_TIME",
            md=_metadata(app_id=aid, app_name=f"{['sales-insights', 'model-feedback', 'ops-console', 'sandbox-app'][role]}-app{'' if i == 0 else i}"),
            pf=_pf(is_serverless=True), ident=dict(run_as=None, owned_by=None, created_by=creator), size=0.5)
    n_air = counts["air"] + (1 if (w == 0 and counts["air"] == 0 and _n_workspaces_hint == 1) else 0)
    for i in range(n_air):
        add("air", i, sku=UNPRICED_SKU, bop="AI_RUNTIME", unit="DBU", utype="GPU_TIME",
            md=_metadata(ai_runtime_pool_id=uuid1(skey("airpool"), w, i), ai_runtime_workload_id=uuid1(skey("airwl"), w, i)),
            pf=_pf(is_serverless=True, ai_runtime=dict(compute_type="GPU")),
            ident=dict(run_as=USERS[7 + i % 3], owned_by=None, created_by=None), size=6.0)
    for e in cat:
        e["wid"] = wid
    return cat


_n_workspaces_hint = 4


def catalog_table(cat):
    cols = {
        "sku_name": pa.array([e["sku"] for e in cat], STR),
        "billing_origin_product": pa.array([e["bop"] for e in cat], STR),
        "usage_unit": pa.array([e["unit"] for e in cat], STR),
        "usage_type": pa.array([e["utype"] for e in cat], STR),
        "custom_tags": pa.array([None if e["tags"] is None else list(e["tags"].items()) for e in cat], TAGS_TYPE),
        "identity_metadata": pa.array([e["ident"] for e in cat], IDENTITY_TYPE),
        "product_features": pa.array([e["pf"] for e in cat], PRODUCT_FEATURES_TYPE),
    }
    for f in USAGE_METADATA_FIELDS:
        cols["md_" + f] = pa.array([e["md"][f] for e in cat], STR)
    return pa.table(cols)


# --------------------------------------------------------------------------------------
# Per (day, workspace) usage generation
# --------------------------------------------------------------------------------------
HOUR_PROFILE = np.array([0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0, 1.0, 1.0,
                         1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25])


def _expand(ent, start, length):
    """Repeat each (ent, start, length) into `length` consecutive hours (clipped to the day)."""
    length = np.asarray(length, dtype=np.int64)
    tot = int(length.sum())
    if tot == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    rep = np.repeat(np.arange(len(length)), length)
    offs = np.arange(tot) - np.repeat(np.cumsum(length) - length, length)
    hour = np.asarray(start)[rep] + offs
    keep = hour < 24
    return np.asarray(ent)[rep][keep], hour[keep], rep[keep]


def _frac(rng, n):
    return rng.integers(0, 10**18, size=n, dtype=np.uint64)


def catalog_arrays(cat):
    """Per-workload numeric attributes as numpy arrays (indexed by catalog position)."""
    big = np.iinfo(np.int64).max
    return {
        "size": np.array([e.get("size", 0.0) * SIZE_FACTOR.get(e["kind"], 1.0) for e in cat]),
        "deleted": np.array([big if e["deleted"] is None else _epoch_days(e["deleted"]) for e in cat], np.int64),
        "runs": np.array([e.get("runs", 0) for e in cat], np.int64),
        "start": np.array([e.get("start", 0) for e in cat], np.int64),
        "hours": np.array([e.get("hours", 0) for e in cat], np.int64),
        "p": np.array([e.get("p", 1.0) for e in cat]),
        "s2z": np.array([bool(e.get("s2z", False)) for e in cat], dtype=bool),
        "launch_ent": np.array([e.get("launch_ent", -1) for e in cat], np.int64),
        "tok": np.array([e["sku"].endswith("TOKENS_US_EAST") for e in cat], dtype=bool),
        "i": np.array([e["i"] for e in cat], np.int64),
    }


def day_rows(day: dt.date, w: int, A, kinds_idx, scale: float, seed: int):
    """Return dict of per-row numpy arrays for ORIGINAL records of one day and workspace."""
    rng = np.random.default_rng([seed, _epoch_days(day), w, int(round(scale * 1e6)), 1])
    act = min(1.0, scale)
    wk = 0.35 if day.weekday() >= 5 else 1.0
    parts = []  # (ent, hour, qty_float, run_key, upd_key, is_token)

    def emit(ent, hour, qty, run=None, upd=None, token=False):
        n = len(ent)
        parts.append(dict(ent=np.asarray(ent, np.int64), hour=np.asarray(hour, np.int64),
                          qty=np.asarray(qty, np.float64),
                          run=np.full(n, -1, np.int64) if run is None else np.asarray(run, np.int64),
                          upd=np.full(n, -1, np.int64) if upd is None else np.asarray(upd, np.int64),
                          token=np.full(n, token)))

    def alive(idx):
        return _epoch_days(day) < A["deleted"][idx]

    def size(idx):
        return A["size"][idx]

    # all-purpose clusters
    idx = kinds_idx.get("ap", np.zeros(0, np.int64))
    if len(idx):
        on = rng.random(len(idx)) < 0.8 * wk * act
        start = rng.integers(6, 12, len(idx))
        length = np.where(on, rng.integers(3, 11, len(idx)), 0)
        ent, hour, _ = _expand(idx, start, length)
        emit(ent, hour, size(ent) * rng.uniform(0.5, 1.0, len(ent)))

    # classic jobs, serverless jobs, classic and serverless DLT: runs
    for kind, serverless, lens in (("cj", False, (1, 3)), ("sj", True, (1, 4)),
                                   ("cdlt", False, (1, 3)), ("sdlt", True, (1, 3))):
        idx = kinds_idx.get(kind, np.zeros(0, np.int64))
        if not len(idx):
            continue
        runs = A["runs"][idx]
        starts = A["start"][idx]
        maxr = int(runs.max())
        r = np.arange(maxr)
        ok = (r[None, :] < runs[:, None]) & (rng.random((len(idx), maxr)) < 0.95 * act) & alive(idx)[:, None]
        jj, rr = np.nonzero(ok)
        run_ent = idx[jj]
        run_start = (starts[jj] + rr * (24 // runs[jj]) + rng.integers(0, 2, len(jj))) % 22
        run_len = rng.integers(lens[0], lens[1], len(jj))
        kcode = skey(kind)
        run_key = num_id(seed, _epoch_days(day), w, kcode, run_ent, rr, lo=10**14, span=9 * 10**14) if len(jj) else np.zeros(0, np.int64)
        ent, hour, rep = _expand(run_ent, run_start, run_len)
        q = size(ent) * rng.uniform(0.6, 1.3, len(ent))
        rk = run_key[rep]
        if serverless:
            k = rng.integers(2, 7, len(ent))  # 2-6 records per run and hour
            rep2 = np.repeat(np.arange(len(ent)), k)
            split = rng.dirichlet(np.ones(6), len(ent)) if len(ent) else np.zeros((0, 6))
            pos = np.arange(len(rep2)) - np.repeat(np.cumsum(k) - k, k)
            share = split[rep2, pos]
            share = share / np.bincount(rep2, weights=share, minlength=len(ent))[rep2]
            ent, hour, q, rk = ent[rep2], hour[rep2], q[rep2] * share, rk[rep2]
        if kind in ("cj", "sj"):
            emit(ent, hour, q, run=rk)
        else:
            emit(ent, hour, q, upd=rk)

    # serverless notebooks: several records per notebook and hour
    idx = kinds_idx.get("nb", np.zeros(0, np.int64))
    if len(idx):
        on = rng.random(len(idx)) < 0.7 * wk * act
        length = np.where(on, rng.integers(2, 7, len(idx)), 0)
        ent, hour, _ = _expand(idx, rng.integers(8, 15, len(idx)), length)
        k = rng.integers(1, 6, len(ent))
        rep2 = np.repeat(np.arange(len(ent)), k)
        emit(ent[rep2], hour[rep2], (size(ent) * rng.uniform(0.3, 1.0, len(ent)) / k)[rep2])

    # classic SQL warehouses: contiguous business hours
    idx = kinds_idx.get("whc", np.zeros(0, np.int64))
    if len(idx):
        hours = A["hours"][idx]
        on = rng.random(len(idx)) < max(wk, 0.6) * act
        start = np.where(hours >= 24, 0, rng.integers(7, 10, len(idx)))
        ent, hour, _ = _expand(idx, start, np.where(on, hours, 0))
        emit(ent, hour, size(ent) * rng.uniform(0.8, 1.0, len(ent)))

    # serverless SQL, vector search, model serving inference, storage, apps: hourly activity
    for kind in ("whs", "ms", "vs", "st", "app", "net"):
        idx = kinds_idx.get(kind, np.zeros(0, np.int64))
        if not len(idx):
            continue
        if kind == "whs":
            p = np.outer(np.full(len(idx), 0.55), HOUR_PROFILE * wk)
        elif kind == "ms":
            p = A["p"][idx][:, None] * np.ones(24)[None, :]
        elif kind == "net":
            p = np.full((len(idx), 24), 0.25)
        else:
            p = np.ones((len(idx), 24))
        active = rng.random((len(idx), 24)) < p * act
        if kind == "ms":
            # scale-to-zero endpoints: active stretches; a launch record at each start
            s2z = A["s2z"][idx]
            if s2z.any():
                prev = np.concatenate([np.zeros((len(idx), 1), bool), active[:, :-1]], axis=1)
                starts = active & ~prev & s2z[:, None]
                lj, lh = np.nonzero(starts)
                launch_ent = A["launch_ent"][idx][lj]
                emit(launch_ent, lh, rng.uniform(0.2, 1.6, len(lj)))
        jj, hh = np.nonzero(active)
        ent = idx[jj]
        if kind == "whs":
            q = size(ent) * rng.uniform(0.1, 1.0, len(ent))
        elif kind == "ms":
            tok = A["tok"][ent]
            q = np.where(tok, np.floor(size(ent) * rng.lognormal(0, 0.6, len(ent)) * HOUR_PROFILE[hh]),
                         size(ent) * rng.uniform(0.5, 1.0, len(ent)))
            emit(ent[tok], hh[tok], q[tok], token=True)
            ent, hh, q = ent[~tok], hh[~tok], q[~tok]
        elif kind == "st":
            q = size(ent) / 720.0 * (1 + 0.002 * (_epoch_days(day) - 20454)) * rng.uniform(0.999, 1.001, len(ent))
        elif kind == "net":
            q = size(ent) * rng.lognormal(-2.0, 1.0, len(ent))
        else:
            q = size(ent) * rng.uniform(0.7, 1.0, len(ent))
        emit(ent, hh, q)

    # unpriced AI runtime SKU: only from UNPRICED_FROM, small volume
    idx = kinds_idx.get("air", np.zeros(0, np.int64))
    if len(idx) and day >= UNPRICED_FROM:
        n = int(rng.integers(3, 7))
        ent = np.repeat(idx, n)
        emit(ent, rng.integers(9, 18, len(ent)), size(ent) * rng.uniform(0.5, 1.0, len(ent)))

    if not parts:
        return None, rng
    out = {k: np.concatenate([p_[k] for p_ in parts]) for k in parts[0]}
    return out, rng


def build_usage_batch(day, w, wid, cat_tbl, rows, rng, seed, end_day_num):
    n0 = len(rows["ent"])
    day_num = _epoch_days(day)
    # quantities as exact decimals: integer part + 18-digit fraction
    qty = rows["qty"]
    tok = rows["token"]
    qi = np.floor(qty).astype(np.int64)
    qf = np.where(tok, 0, _frac(rng, n0)).astype(np.uint64)
    ing = day_num + rng.choice([0, 1, 1, 2], n0)
    # corrections: ~1% of originals, RETRACTION + RESTATEMENT landing 3-20 days later
    corr = np.nonzero(rng.random(n0) < 0.01)[0]
    corr_ing = day_num + rng.integers(3, 21, len(corr))
    new_q = qty[corr] * rng.uniform(0.8, 1.2, len(corr))
    new_qi = np.floor(new_q).astype(np.int64)
    new_qf = np.where(tok[corr], 0, _frac(rng, len(corr))).astype(np.uint64)
    endpoint_null = rng.random(n0) < 0.12  # some serving rows carry only endpoint_name

    src = np.concatenate([np.arange(n0), corr, corr])
    rtype = np.concatenate([np.zeros(n0, np.int8), np.ones(len(corr), np.int8), np.full(len(corr), 2, np.int8)])
    sidx = np.concatenate([np.arange(n0), np.arange(len(corr)), np.arange(len(corr))])
    ing_all = np.concatenate([ing, corr_ing, corr_ing])
    int_all = np.concatenate([qi, qi[corr], new_qi])
    frac_all = np.concatenate([qf, qf[corr], new_qf])
    neg = rtype == 1
    keep = ing_all <= end_day_num
    src, rtype, sidx, ing_all, int_all, frac_all, neg = (a[keep] for a in (src, rtype, sidx, ing_all, int_all, frac_all, neg))
    n = len(src)
    if n == 0:
        return None
    # negative decimal: -(a + f) ; decimal_array negates (a + f) when int part < 0, so encode sign separately
    dec = _signed_decimal(int_all, frac_all, neg)
    ent = rows["ent"][src]
    t = cat_tbl.take(pa.array(ent))
    hour = rows["hour"][src]
    start_us = (day_num * 86400 + hour * 3600) * 1_000_000
    rid = uuid_strings(h64(seed, day_num, w, rtype, sidx))

    md_children = []
    run = rows["run"][src]
    upd = rows["upd"][src]
    has_run = run >= 0
    run_str = pc.if_else(pa.array(has_run), pc.cast(pa.array(run), STR), pa.nulls(n, STR))
    for f in USAGE_METADATA_FIELDS:
        col = t.column("md_" + f).combine_chunks()
        if f == "job_run_id":
            col = run_str
        elif f == "cluster_id" and has_run.any():
            # classic job runs get a fresh job cluster per run
            is_classic_job = pc.equal(t.column("billing_origin_product").combine_chunks(), "JOBS")
            is_serverless = pc.struct_field(t.column("product_features").combine_chunks(), [3])
            is_classic_job = pc.and_(is_classic_job, pc.invert(is_serverless))
            jc = cluster_id_strings(day, h64(run))
            col = pc.if_else(pc.and_(is_classic_job, pa.array(has_run)), jc, col)
        elif f == "dlt_update_id":
            has_upd = upd >= 0
            if has_upd.any():
                col = pc.if_else(pa.array(has_upd), uuid_strings(h64(skey("upd"), upd)), col)
        elif f == "endpoint_id":
            is_ms = pc.equal(t.column("billing_origin_product").combine_chunks(), "MODEL_SERVING")
            col = pc.if_else(pc.and_(is_ms, pa.array(endpoint_null[src])), pa.nulls(n, STR), col)
        md_children.append(col)
    usage_metadata = pa.StructArray.from_arrays(md_children, fields=list(USAGE_METADATA_TYPE))
    rt_dict = pa.array(["ORIGINAL", "RETRACTION", "RESTATEMENT"], STR)
    return pa.table([
        rid,
        pa.repeat(pa.scalar(ACCOUNT_ID, STR), n),
        pa.repeat(pa.scalar(wid, STR), n),
        t.column("sku_name").combine_chunks(),
        pa.repeat(pa.scalar(CLOUD, STR), n),
        ts_array(start_us),
        ts_array(start_us + 3_600_000_000),
        pa.array(np.full(n, day_num, np.int32), pa.date32()),
        t.column("custom_tags").combine_chunks(),
        t.column("usage_unit").combine_chunks(),
        dec,
        usage_metadata,
        t.column("identity_metadata").combine_chunks(),
        rt_dict.take(pa.array(rtype)),
        pa.array(ing_all.astype(np.int32), pa.date32()),
        t.column("billing_origin_product").combine_chunks(),
        t.column("product_features").combine_chunks(),
        t.column("usage_type").combine_chunks(),
    ], schema=USAGE_SCHEMA)


def _signed_decimal(int_part, frac, neg):
    """decimal(38,18) of sign * (int_part + frac/1e18)."""
    n = len(int_part)
    if not neg.any():
        return decimal_array(int_part, frac)
    pos = decimal_array(int_part, frac)
    # build the negated value exactly via two's complement of the buffer
    words = np.frombuffer(pos.buffers()[1], dtype="<u8", count=2 * n).reshape(n, 2).copy()
    with np.errstate(over="ignore"):
        nl = ~words[:, 0] + _U(1)
        nh = ~words[:, 1] + (nl == 0).astype(np.uint64)
    words[neg, 0] = nl[neg]
    words[neg, 1] = nh[neg]
    return pa.Array.from_buffers(DEC, n, [None, pa.py_buffer(words.tobytes())])


# --------------------------------------------------------------------------------------
# FOCUS export events (issue 15): a correction to a closed month, a record at a price change
# --------------------------------------------------------------------------------------
FOCUS_CORRECTED_USAGE_DAY = dt.date(2026, 8, 12)    # usage day of the corrected record
FOCUS_CORRECTION_INGESTED = dt.date(2026, 10, 20)   # its RETRACTION and RESTATEMENT land here
FOCUS_RESTATED_FACTOR = Decimal("1.25")             # restated quantity = 1.25 x the original
FOCUS_PRICE_CHANGE_SKU = "PREMIUM_JOBS_SERVERLESS_COMPUTE_US_EAST"


def focus_sample_events(tbls, kinds_idx, arrs, start, end, seed):
    """Records the FOCUS export must handle (docs block `focus_sample_events`), all in workspace 0:

    1. A correction to a closed month: an ORIGINAL record of the workspace's first all-purpose
       cluster, 10:00-11:00 UTC on FOCUS_CORRECTED_USAGE_DAY (ingested 0-2 days later), then a
       RETRACTION (its negation) and a RESTATEMENT (quantity x FOCUS_RESTATED_FACTOR) ingested on
       FOCUS_CORRECTION_INGESTED, two months after August was invoiced.
    2. A record ending exactly at a list price change: a one-record run of the first serverless
       job alive that day, 23:00 on 2026-09-14 to 00:00 on 2026-09-15 = JOBS_SERVERLESS_CHANGE.
       It must get one price, the one in force at usage_end_time (the new one).

    Deterministic (seed only; start and end only filter, like every other record) and vectorised
    (whole Arrow columns, a handful of rows). Returns a usage table or None.
    """
    w, wid = 0, workspace_info(0)[0]
    parts = []

    def original(day, kind, hour, run):
        alive = [j for j in kinds_idx[w].get(kind, []) if arrs[w]["deleted"][j] > _epoch_days(day)]
        if not alive or not start <= day <= end:
            return None
        ent = np.array(alive[:1], np.int64)
        rows = dict(ent=ent, hour=np.array([hour], np.int64), qty=arrs[w]["size"][ent] * 0.8,
                    run=np.array([run], np.int64), upd=np.array([-1], np.int64), token=np.array([False]))
        rng = np.random.default_rng([seed, _epoch_days(day), skey("focus")])
        t = build_usage_batch(day, w, wid, tbls[w], rows, rng, seed, _epoch_days(day) + 2)
        return t.filter(pc.equal(t["record_type"], "ORIGINAL"))

    def variant(t, key, record_type, quantity, ingestion_date):
        new = {"record_id": uuid_strings(h64(skey("focus"), seed, np.array([key], np.int64))),
               "record_type": pa.array([record_type], STR), "usage_quantity": pa.array([quantity], DEC),
               "ingestion_date": pa.array([ingestion_date], pa.date32())}
        for name, column in new.items():
            t = t.set_column(t.schema.get_field_index(name), name, column)
        return t

    corrected = original(FOCUS_CORRECTED_USAGE_DAY, "ap", 10, -1)
    if corrected is not None:
        quantity = corrected["usage_quantity"][0].as_py()
        restated = (quantity * FOCUS_RESTATED_FACTOR).quantize(Decimal("1e-18"))
        parts += [variant(corrected, 1, "ORIGINAL", quantity, corrected["ingestion_date"][0].as_py()),
                  variant(corrected, 2, "RETRACTION", -quantity, FOCUS_CORRECTION_INGESTED),
                  variant(corrected, 3, "RESTATEMENT", restated, FOCUS_CORRECTION_INGESTED)]
    last_hour_day = (JOBS_SERVERLESS_CHANGE - dt.timedelta(hours=1)).date()
    at_change = original(last_hour_day, "sj", 23, int(num_id(skey("focus"), seed, 4)[0]))
    if at_change is not None:
        parts.append(variant(at_change, 4, "ORIGINAL", at_change["usage_quantity"][0].as_py(),
                             at_change["ingestion_date"][0].as_py()))
    if not parts:
        return None
    events = pa.concat_tables(parts)
    return events.filter(pc.less_equal(events["ingestion_date"], pa.scalar(end, pa.date32())))


# --------------------------------------------------------------------------------------
# Endpoint usage (one row per request)
# --------------------------------------------------------------------------------------
def served_entities_for(cat, w):
    """List of served entity dicts for the serving endpoints of a catalog."""
    out = []
    for e in cat:
        if e["kind"] != "ms":
            continue
        st = e["stype"]
        ents = []
        name, etype = {
            "FM": ("databricks-meta-llama-3-3-70b-instruct", "FOUNDATION_MODEL"),
            "CPU": ("main.fraud.fraud_classifier", "CUSTOM_MODEL"),
            "CPU_S2Z": ("main.ml.churn_classifier", "CUSTOM_MODEL"),
            "GPU": ("main.recsys.ranker", "CUSTOM_MODEL"),
        }[st]
        versions = [("1", dt.datetime(2026, 5, 4 + e["i"] % 20, 10, tzinfo=dt.timezone.utc), None)]
        if st != "FM" and (e["i"] + w) % 2 == 0:
            switch = dt.date(2026, 9, 20)
            versions = [("1", versions[0][1], switch), ("2", _ts(switch), None)]
        for v, ct, until in versions:
            ents.append(dict(served_entity_id=uuid1(skey("served"), w, e["i"], int(v)), endpoint_name=e["endpoint_name"],
                             endpoint_id=e["endpoint_id"], entity_type=etype, entity_name=name,
                             entity_version=v, created_by=e["creator"], change_time=ct, until=until, stype=st,
                             i=e["i"]))
        out.extend(ents)
    return out


def endpoint_usage_batch(day, w, wid, A, se, scale, seed, ms_active_rows):
    """Requests for the endpoints active in the usage rows (ent, hour)."""
    rng = np.random.default_rng([seed, _epoch_days(day), w, int(round(scale * 1e6)), 2])
    ent, hour = ms_active_rows
    if len(ent) == 0:
        return None
    # map catalog index -> served entity of that day
    se_for = {}
    for j, s in enumerate(se):
        if s["until"] is None or day < s["until"]:
            if s["change_time"].date() <= day:
                se_for[s["i"]] = j
    lut = np.full(int(A["i"].max()) + 1, -1, np.int64)
    for i, j in se_for.items():
        lut[i] = j
    sidx = lut[A["i"][ent]]
    ok = sidx >= 0
    ent, hour, sidx = ent[ok], hour[ok], sidx[ok]
    se_rate = np.array([{"FM": 14, "CPU": 6, "CPU_S2Z": 5, "GPU": 4}[s["stype"]] for s in se], dtype=float)
    se_fm = np.array([s["stype"] == "FM" for s in se], dtype=bool)
    rate = se_rate[sidx]
    k = rng.poisson(rate * HOUR_PROFILE[hour] * 1.0)
    rep = np.repeat(np.arange(len(ent)), k)
    n = len(rep)
    if n == 0:
        return None
    is_fm = se_fm[sidx][rep]
    t_us = (_epoch_days(day) * 86400 + hour[rep] * 3600) * 1_000_000 + rng.integers(0, 3_600_000_000, n)
    order = np.argsort(t_us, kind="stable")
    requesters = pa.array(USERS + SPS, STR)
    req = requesters.take(pa.array(rng.integers(0, len(USERS) + len(SPS), n)))
    it = np.where(is_fm, rng.lognormal(6.0, 0.8, n).astype(np.int64), 0)
    ot = np.where(is_fm, rng.lognormal(5.2, 0.7, n).astype(np.int64), 0)
    status = rng.choice(np.array([200, 429, 500, 400], np.int32), n, p=[0.965, 0.02, 0.01, 0.005])
    ids = pa.array([s["served_entity_id"] for s in se], STR).take(pa.array(sidx[rep]))
    tbl = pa.table([
        pa.repeat(pa.scalar(ACCOUNT_ID, STR), n), pa.repeat(pa.scalar(wid, STR), n), ids,
        ts_array(t_us), req,
        pa.array(it, pa.int64(), mask=~is_fm), pa.array(ot, pa.int64(), mask=~is_fm),
        pa.array(status, pa.int32()),
    ], schema=ENDPOINT_USAGE_SCHEMA)
    return tbl.take(pa.array(order))


# --------------------------------------------------------------------------------------
# Small tables
# --------------------------------------------------------------------------------------
def _dec(s):
    return None if s is None else Decimal(s)


def prices_table(account: bool):
    rows = []
    for sku, periods in LIST_PRICES.items():
        f = Decimal(ACCOUNT_DISCOUNT.get(sku, DEFAULT_ACCOUNT_DISCOUNT)) if account else Decimal(1)
        for start, end, default, promo, eff in periods:
            q = lambda s: None if s is None else (Decimal(s) * f).quantize(Decimal("1e-18"))  # noqa: E731
            rows.append(dict(
                price_start_time=start or PRICE_EPOCH, price_end_time=end, account_id=ACCOUNT_ID,
                sku_name=sku, cloud=CLOUD, currency_code="USD", usage_unit=SKU_UNITS[sku],
                pricing={"default": q(default), "promotional": {"default": q(promo)},
                         "effective_list": {"default": q(eff)}}))
    return pa.Table.from_pylist(rows, schema=PRICES_SCHEMA)


def dimension_tables(cats, end: dt.date):
    end_ts = _ts(end + dt.timedelta(days=1))
    ws_rows, jobs, pipes, whs, ses = [], [], [], [], []
    for w, cat in enumerate(cats):
        wid, wname, role = workspace_info(w)
        ws_rows.append(dict(account_id=ACCOUNT_ID, workspace_id=wid, workspace_name=wname,
                            workspace_url=f"https://dbc-{wid[:8]}-{wid[8:12]}.cloud.databricks.com",
                            create_time=dt.datetime(2023, 3 + w % 9, 1 + w % 27, 9, 30, tzinfo=dt.timezone.utc),
                            status="RUNNING"))
        for e in cat:
            if e["kind"] in ("cj", "sj"):
                created = dt.datetime(2025, 1 + e["i"] % 12, 1 + (e["i"] * 7 + w) % 27, 8, tzinfo=dt.timezone.utc)
                creator = e["ident"]["run_as"] if "@" in (e["ident"]["run_as"] or "") else USERS[e["i"] % 4]
                old_name = e["name"] if e["i"] % 3 else e["name"].replace("_", " ").title().replace(" ", "")
                versions = [(created, old_name, None)]
                if e["i"] % 3 == 0:  # renamed during the period
                    versions.append((dt.datetime(2026, 9, 1 + e["i"] % 20, 12, tzinfo=dt.timezone.utc), e["name"], None))
                if e["i"] % 5 == 4:  # a settings change without rename
                    versions.append((dt.datetime(2026, 8, 10 + e["i"] % 10, 15, tzinfo=dt.timezone.utc), versions[-1][1], None))
                    versions.sort(key=lambda x: x[0])
                if e["deleted"] is not None:
                    versions.append((_ts(e["deleted"]), versions[-1][1], _ts(e["deleted"])))
                for ct, name, dtime in versions:
                    if ct < end_ts:
                        jobs.append(dict(account_id=ACCOUNT_ID, workspace_id=wid, job_id=e["job_id"], name=name,
                                         description=f"{'Serverless' if e['kind'] == 'sj' else 'Scheduled'} job {name}",
                                         creator_id=creator, run_as=e["ident"]["run_as"], change_time=ct,
                                         delete_time=dtime))
            elif e["kind"] in ("cdlt", "sdlt"):
                pipes.append(dict(account_id=ACCOUNT_ID, workspace_id=wid, pipeline_id=e["pipeline_id"], name=e["name"],
                                  create_time=dt.datetime(2025, 4 + e["i"] % 8, 3, 11, tzinfo=dt.timezone.utc)))
            elif e["kind"] in ("whc", "whs"):
                ct = dt.datetime(2024, 11, 1 + e["i"] % 27, 14, tzinfo=dt.timezone.utc)
                whs.append(dict(account_id=ACCOUNT_ID, workspace_id=wid, warehouse_id=e["wh_id"],
                                warehouse_name=e["name"].replace("warehouse", "wh") if e["i"] % 2 == 0 else e["name"],
                                owned_by=e["owner"], change_time=ct, delete_time=None))
                if e["i"] % 2 == 0:
                    ct2 = dt.datetime(2026, 8, 20, 9, tzinfo=dt.timezone.utc)
                    if ct2 < end_ts:
                        whs.append(dict(account_id=ACCOUNT_ID, workspace_id=wid, warehouse_id=e["wh_id"],
                                        warehouse_name=e["name"], owned_by=e["owner"], change_time=ct2, delete_time=None))
        for s in served_entities_for(cat, w):
            if s["change_time"] < end_ts:
                ses.append(dict(served_entity_id=s["served_entity_id"], account_id=ACCOUNT_ID, workspace_id=wid,
                                endpoint_name=s["endpoint_name"], endpoint_id=s["endpoint_id"],
                                entity_type=s["entity_type"], entity_name=s["entity_name"],
                                entity_version=s["entity_version"], created_by=s["created_by"],
                                change_time=s["change_time"]))
    return {
        "workspaces_latest": pa.Table.from_pylist(ws_rows, schema=WORKSPACES_SCHEMA),
        "jobs": pa.Table.from_pylist(jobs, schema=JOBS_SCHEMA),
        "pipelines": pa.Table.from_pylist(pipes, schema=PIPELINES_SCHEMA),
        "warehouses": pa.Table.from_pylist(whs, schema=WAREHOUSES_SCHEMA),
        "served_entities": pa.Table.from_pylist(ses, schema=SERVED_ENTITIES_SCHEMA),
    }


# --------------------------------------------------------------------------------------
# Budget and anomaly demo events (issue 13): three documented incidents for the anomaly
# report to find (docs block `sample_account_events`). Applied to each day's finished usage
# batch, so every other record of the account is exactly what it would be without them.
# --------------------------------------------------------------------------------------
DEMO_RUNAWAY_JOB_ID = "472345938892583"  # ingest_customers_serverless in ml-prod
DEMO_RUNAWAY_DAYS = (dt.date(2026, 10, 28), dt.date(2026, 10, 29))
DEMO_RUNAWAY_FACTOR = 10
DEMO_ENDPOINT_SOURCE = "recsys-ranker-ml"  # GPU endpoint in ml-prod whose hourly profile is reused
DEMO_ENDPOINT_NAME = "genai-assistant-gpu-ml"
DEMO_ENDPOINT_ID = "5b0c7e3a-9d41-4f6e-8a27-c1e4d9f03b58"
DEMO_ENDPOINT_FROM = dt.date(2026, 10, 15)
DEMO_ENDPOINT_FACTOR = 3
DEMO_QUIET_WORKSPACE_ID = "8923457702611450"  # sandbox-dev
DEMO_QUIET_DAYS = (dt.date(2026, 9, 14), dt.date(2026, 9, 20))  # first and last day, Monday to Sunday


def _scaled_quantity(quantity, factor):
    """decimal(38,18) quantities multiplied exactly by a small whole factor."""
    wide = pc.multiply(quantity.cast(pa.decimal256(40, 18)), pa.scalar(Decimal(factor), pa.decimal256(2, 0)))
    return wide.cast(DEC)


def apply_demo_events(batch, day, workspace_id):
    """The demo events of one day and workspace, applied to its usage batch (or None).

    - Runaway job: on DEMO_RUNAWAY_DAYS every record of job DEMO_RUNAWAY_JOB_ID (a serverless
      job in ml-prod) has 10x its quantity, so the job's daily cost is 10x.
    - New serving endpoint: from DEMO_ENDPOINT_FROM, ml-prod gains endpoint
      DEMO_ENDPOINT_NAME, a copy of every record of DEMO_ENDPOINT_SOURCE at 3x its quantity
      under the new name and id (corrections included); its record ids are the source's with
      uuid version digit 5 instead of 4, so they are unique and stable across exports.
    - Quiet workspace: from the first to the last of DEMO_QUIET_DAYS, sandbox-dev records
      nothing but its storage (DEFAULT_STORAGE).
    A workspace or job absent from the account (fewer workspaces) simply has no event.
    """
    if batch is None:
        return None
    if workspace_id == DEMO_QUIET_WORKSPACE_ID and DEMO_QUIET_DAYS[0] <= day <= DEMO_QUIET_DAYS[1]:
        return batch.filter(pc.equal(batch.column("billing_origin_product"), "DEFAULT_STORAGE"))
    metadata = batch.column("usage_metadata").combine_chunks()
    if day in DEMO_RUNAWAY_DAYS:
        runaway = pc.fill_null(pc.equal(pc.struct_field(metadata, "job_id"), DEMO_RUNAWAY_JOB_ID), False)
        quantity = batch.column("usage_quantity").combine_chunks()
        scaled = pc.if_else(runaway, _scaled_quantity(quantity, DEMO_RUNAWAY_FACTOR), quantity)
        batch = batch.set_column(batch.schema.get_field_index("usage_quantity"), "usage_quantity", scaled)
    if day >= DEMO_ENDPOINT_FROM:
        source = pc.fill_null(pc.equal(pc.struct_field(metadata, "endpoint_name"), DEMO_ENDPOINT_SOURCE), False)
        copy = batch.filter(source)
        if copy.num_rows:
            n = copy.num_rows
            md = copy.column("usage_metadata").combine_chunks()
            children = []
            for i, field in enumerate(USAGE_METADATA_TYPE):
                child = md.field(i)
                if field.name == "endpoint_name":
                    child = pa.repeat(pa.scalar(DEMO_ENDPOINT_NAME, STR), n)
                elif field.name == "endpoint_id":  # records that carry only the name keep a null id
                    child = pc.if_else(pc.is_null(child), child, pa.repeat(pa.scalar(DEMO_ENDPOINT_ID, STR), n))
                children.append(child)
            ids = copy.column("record_id").combine_chunks()
            ids = pc.binary_join_element_wise(pc.utf8_slice_codeunits(ids, 0, 14), pc.utf8_slice_codeunits(ids, 15, 36), "5")
            copy = copy.set_column(0, "record_id", ids)
            copy = copy.set_column(copy.schema.get_field_index("usage_metadata"), "usage_metadata",
                                   pa.StructArray.from_arrays(children, fields=list(USAGE_METADATA_TYPE)))
            copy = copy.set_column(copy.schema.get_field_index("usage_quantity"), "usage_quantity",
                                   _scaled_quantity(copy.column("usage_quantity").combine_chunks(), DEMO_ENDPOINT_FACTOR))
            batch = pa.concat_tables([batch, copy])
    return batch


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------
class _ChunkWriter:
    """Accumulates batches and writes part-NNNNN.parquet files of about max_rows rows."""

    def __init__(self, folder, schema, max_rows=2_000_000):
        self.folder, self.schema, self.max_rows = folder, schema, max_rows
        self.batches, self.rows, self.part, self.total = [], 0, 0, 0
        os.makedirs(folder, exist_ok=True)

    def add(self, tbl):
        if tbl is None or tbl.num_rows == 0:
            return
        self.batches.append(tbl)
        self.rows += tbl.num_rows
        if self.rows >= self.max_rows:
            self.flush()

    def flush(self, force=False):
        if not self.batches and not (force and self.part == 0):
            return
        tbl = pa.concat_tables(self.batches) if self.batches else self.schema.empty_table()
        pq.write_table(tbl, os.path.join(self.folder, f"part-{self.part:05d}.parquet"),
                       compression="zstd", row_group_size=1_000_000)
        self.total += tbl.num_rows
        self.part += 1
        self.batches, self.rows = [], 0


def _write(out_dir, name, tbl):
    os.makedirs(os.path.join(out_dir, name), exist_ok=True)
    pq.write_table(tbl, os.path.join(out_dir, name, "part-00000.parquet"), compression="zstd")
    return tbl.num_rows


def _to_date(d):
    if isinstance(d, dt.date):
        return d
    return dt.date.fromisoformat(str(d))


def generate(out_dir, start_date="2026-08-01", end_date="2026-10-31", workspaces=4, scale=1.0, seed=42):
    """Write the export to out_dir and return {table: row count}."""
    global _n_workspaces_hint
    _n_workspaces_hint = workspaces
    start, end = _to_date(start_date), _to_date(end_date)
    if end < start:
        raise ValueError("end_date before start_date")
    for name in SCHEMAS:
        shutil.rmtree(os.path.join(out_dir, name), ignore_errors=True)
    os.makedirs(out_dir, exist_ok=True)
    cats, tbls, kinds_idx, arrs, ses = [], [], [], [], []
    for w in range(workspaces):
        cat = build_catalog(w, scale)
        for j, e in enumerate(cat):  # link inference entries to their launch entries
            if e["kind"] == "ms_launch":
                for k, e2 in enumerate(cat):
                    if e2["kind"] == "ms" and e2["i"] == e["i"]:
                        e2["launch_ent"] = j
        cats.append(cat)
        tbls.append(catalog_table(cat))
        ki = {}
        for j, e in enumerate(cat):
            ki.setdefault(e["kind"], []).append(j)
        kinds_idx.append({k: np.array(v, np.int64) for k, v in ki.items()})
        ses.append(served_entities_for(cat, w))
        arrs.append(catalog_arrays(cat))
    end_num = _epoch_days(end)
    usage_w = _ChunkWriter(os.path.join(out_dir, "usage"), USAGE_SCHEMA)
    eu_w = _ChunkWriter(os.path.join(out_dir, "endpoint_usage"), ENDPOINT_USAGE_SCHEMA)
    day = start
    while day <= end:
        for w in range(workspaces):
            wid = workspace_info(w)[0]
            rows, rng = day_rows(day, w, arrs[w], kinds_idx[w], scale, seed)
            if rows is None:
                continue
            usage_w.add(apply_demo_events(build_usage_batch(day, w, wid, tbls[w], rows, rng, seed, end_num), day, wid))
            ms_idx = kinds_idx[w].get("ms", np.zeros(0, np.int64))
            sel = np.isin(rows["ent"], ms_idx)
            eu_w.add(endpoint_usage_batch(day, w, wid, arrs[w], ses[w], scale, seed,
                                          (rows["ent"][sel], rows["hour"][sel])))
        day += dt.timedelta(days=1)
    usage_w.add(focus_sample_events(tbls, kinds_idx, arrs, start, end, seed))
    usage_w.flush(force=True)
    eu_w.flush(force=True)
    counts = {"usage": usage_w.total}
    counts["list_prices"] = _write(out_dir, "list_prices", prices_table(False))
    counts["account_prices"] = _write(out_dir, "account_prices", prices_table(True))
    for name, tbl in dimension_tables(cats, end).items():
        counts[name] = _write(out_dir, name, tbl)
    counts["endpoint_usage"] = eu_w.total
    return counts


# Usage rows per workspace-day at scale 1 (measured on the default account), for --records.
ROWS_PER_WS_DAY = 707.0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="output directory (one subfolder per table)")
    p.add_argument("--start-date", default="2026-08-01")
    p.add_argument("--end-date", default="2026-10-31")
    p.add_argument("--workspaces", type=int, default=4)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--records", type=int, default=None,
                   help="pick --scale so that the usage table has about this many rows")
    a = p.parse_args(argv)
    scale = a.scale
    if a.records:
        days = (_to_date(a.end_date) - _to_date(a.start_date)).days + 1
        scale = a.records / (ROWS_PER_WS_DAY * days * a.workspaces)
    t0 = time.time()
    counts = generate(a.out, a.start_date, a.end_date, a.workspaces, scale, a.seed)
    secs = time.time() - t0
    print(f"wrote {a.out}: " + ", ".join(f"{k}={v}" for k, v in counts.items())
          + f" (scale={scale:.4g}, {secs:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
