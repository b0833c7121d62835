#!/usr/bin/env bash
# Benchmark: full build, incremental run and the hand-written floor, on generated accounts.
#
#   bench/run_benchmark.sh                 # 1M and 10M records
#   bench/run_benchmark.sh 1000000 30000000
#
# For each size N it generates (once, cached in $BENCH_DIR/data) an export as of 2026-10-31
# with about N usage records and the same account as of 2026-11-01 (one more day of usage plus
# the corrections that landed that day), then measures with /usr/bin/time -v:
#   floor        bench/floor.sql: one hand-written DuckDB query over the raw Parquet (price
#                join, contract discounts, attribution-lite, monthly sums per cost center)
#   full         `dbt build --exclude-resource-type unit_test` on an empty database (seeds,
#                every model, every data test: the production command; unit tests check
#                logic on fixtures, not data, and run in CI)
#   incremental  the same command on the later export against the database of the full build
#   rerun        the same command once more with nothing new: dbt's fixed cost (parse, seeds,
#                hooks, nodes with nothing to do, scoped tests), so incremental - rerun is
#                the data work of the day
# and checks exactness: per billing month, sum(net_cost_usd) of fct_billing_usage equals the
# independent computation over the raw Parquet (the floor's monthly totals) to 1e-6 USD.
# It prints wall time, peak memory (max RSS) and the ratios full/floor and incremental/full,
# and the ten slowest dbt nodes of each build. Nothing here asserts timings.
#
# Environment: BENCH_DIR (default /tmp/finops_bench), DBT_THREADS (passed as --threads),
# BENCH_INCREMENTAL=0 to skip the later export and the incremental run.
#   bench/run_benchmark.sh --100m      # adds 100M records (its own long run: about an hour)
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"
# shellcheck disable=SC1091
source "${FINOPS_VENV:-$PROJECT_DIR/.venv}/bin/activate"
export DBT_PROFILES_DIR="$PROJECT_DIR" DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false
BENCH_DIR="${BENCH_DIR:-/tmp/finops_bench}"
BENCH_INCREMENTAL="${BENCH_INCREMENTAL:-1}"
DBT_BUILD=(dbt build --exclude-resource-type unit_test)
SIZES=()
for arg in "$@"; do
    if [ "$arg" = "--100m" ]; then SIZES+=(100000000); else SIZES+=("$arg"); fi
done
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000000 10000000)
[ "$*" = "--100m" ] && SIZES=(1000000 10000000 100000000)
mkdir -p "$BENCH_DIR/data"
RESULTS="$BENCH_DIR/results.tsv"
printf 'records\tfloor_s\tfloor_rss_mib\tfull_s\tfull_rss_mib\tincr_s\tincr_rss_mib\tfixed_s\tdata_s\tfull_over_floor\tincr_over_full\tmax_month_diff_usd\n' > "$RESULTS"

# "/usr/bin/time -v" output -> "seconds rss_mib"
time_of() {
    python - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
h, m, s = ([0, 0] + re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1).split(":"))[-3:]
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
print(f"{int(h) * 3600 + int(m) * 60 + float(s):.1f} {rss / 1024:.0f}")
PY
}

slowest_nodes() {
    python - "$1" <<'PY'
import re, sys
rows = []
for line in open(sys.argv[1], errors="replace"):
    line = re.sub(r"\x1b\[[0-9;]*m", "", line)
    m = re.search(r"\d+ of \d+ (.*?) \.*\s*\[\w+(?: \d+)? in ([\d.]+)s\]", line)
    if m:
        rows.append((float(m.group(2)), m.group(1).strip()))
tests = sum(secs for secs, name in rows if name.startswith(("PASS", "WARN", "FAIL")))
print(f"      node time: {sum(s for s, _ in rows) - tests:.1f}s models and seeds, {tests:.1f}s data tests "
      f"({len(rows)} nodes, run on the profile's threads)")
for secs, name in sorted(rows, reverse=True)[:10]:
    print(f"      {secs:7.2f}s  {name}")
PY
}

for n in "${SIZES[@]}"; do
    days=92  # 2026-08-01 .. 2026-10-31, 4 workspaces; see --records in the generator
    scale=$(python -c "print($n / (707.0 * $days * 4))")
    base="$BENCH_DIR/data/n$n-2026-10-31"
    next="$BENCH_DIR/data/n$n-2026-11-01"
    pairs=("$base:2026-10-31")
    [ "$BENCH_INCREMENTAL" = 1 ] && pairs+=("$next:2026-11-01")
    for pair in "${pairs[@]}"; do
        dir=${pair%%:*}; end=${pair##*:}
        if [ ! -f "$dir/.complete" ]; then
            echo "==> generating $dir (scale $scale)"
            python scripts/generate_sample_account.py --out "$dir" --scale "$scale" --end-date "$end"
            touch "$dir/.complete"
        fi
    done
    run="$BENCH_DIR/run-n$n"
    rm -rf "$run"; mkdir -p "$run"
    export DBT_TARGET_PATH="$run/target" DBT_LOG_PATH="$run/logs" FINOPS_DUCKDB_PATH="$run/chargeback.duckdb"
    threads=()
    [ -n "${DBT_THREADS:-}" ] && threads=(--threads "$DBT_THREADS")

    echo "==> [$n] floor: bench/floor.sql over the raw Parquet"
    /usr/bin/time -v python - "$base" "$run/floor.csv" > "$run/floor.out" 2> "$run/floor.time" <<'PY'
import csv, sys, duckdb
con = duckdb.connect()
con.execute(f"set variable export_dir = '{sys.argv[1]}'")
con.execute("set variable seeds_dir = 'seeds'")
rows = con.execute(open("bench/floor.sql").read()).fetchall()
with open(sys.argv[2], "w", newline="") as f:
    csv.writer(f).writerows(rows)
print(len(rows), "rows")
PY
    read -r floor_s floor_rss < <(time_of "$run/floor.time")

    # dbt reads the export through one path that first points at the base export, then at the
    # later one: a production job reads one fixed location that gains files, and an environment
    # variable that changed between runs would make dbt re-parse the project (about 7 s).
    export FINOPS_EXPORT_DIR="$run/export"
    ln -sfn "$base" "$FINOPS_EXPORT_DIR"
    echo "==> [$n] full dbt build"
    /usr/bin/time -v "${DBT_BUILD[@]}" "${threads[@]}" > "$run/full.out" 2> "$run/full.time" \
        || { tail -40 "$run/full.out"; exit 1; }
    read -r full_s full_rss < <(time_of "$run/full.time")

    echo "==> [$n] exactness: fct_billing_usage monthly net cost vs the raw Parquet"
    max_diff=$(python - "$FINOPS_DUCKDB_PATH" "$run/floor.csv" <<'PY'
import csv, sys, collections, duckdb
from decimal import Decimal
floor = collections.defaultdict(Decimal)
for month, _cc, net, _n in csv.reader(open(sys.argv[2])):
    floor[month[:10]] += Decimal(net)
con = duckdb.connect(sys.argv[1], read_only=True)
fct = {str(m): v for m, v in con.execute(
    "select billing_month, sum(net_cost_usd) from chargeback.finops.fct_billing_usage where is_priced group by 1").fetchall()}
months = set(floor) | set(fct)
print(max(abs(fct.get(m, Decimal(0)) - floor.get(m, Decimal(0))) for m in months))
PY
)

    incr_s=na; incr_rss=na; ratio_if=na; fixed_s=na; data_s=na
    if [ "$BENCH_INCREMENTAL" = 1 ]; then
        echo "==> [$n] incremental dbt build (one more day plus corrections)"
        ln -sfn "$next" "$FINOPS_EXPORT_DIR"
        /usr/bin/time -v "${DBT_BUILD[@]}" "${threads[@]}" > "$run/incr.out" 2> "$run/incr.time" \
            || { tail -40 "$run/incr.out"; exit 1; }
        read -r incr_s incr_rss < <(time_of "$run/incr.time")
        ratio_if=$(python -c "print(f'{$incr_s / $full_s:.3f}')")
        echo "==> [$n] the same command again, nothing new: dbt's fixed cost"
        /usr/bin/time -v "${DBT_BUILD[@]}" "${threads[@]}" > "$run/rerun.out" 2> "$run/rerun.time" \
            || { tail -40 "$run/rerun.out"; exit 1; }
        read -r fixed_s _ < <(time_of "$run/rerun.time")
        data_s=$(python -c "print(f'{max($incr_s - $fixed_s, 0):.1f}')")
    fi

    ratio_ff=$(python -c "print(f'{$full_s / $floor_s:.2f}')")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$floor_s" "$floor_rss" "$full_s" "$full_rss" \
        "$incr_s" "$incr_rss" "$fixed_s" "$data_s" "$ratio_ff" "$ratio_if" "$max_diff" >> "$RESULTS"
    echo "    slowest nodes, full build:"; slowest_nodes "$run/full.out"
    if [ "$BENCH_INCREMENTAL" = 1 ]; then
        echo "    slowest nodes, incremental build:"; slowest_nodes "$run/incr.out"
    fi
done

echo
echo "Benchmark ($(nproc) cores, load average now: $(cut -d' ' -f1-3 /proc/loadavg)); times in s, memory = peak RSS in MiB"
column -t -s $'\t' "$RESULTS"
echo "targets: full_over_floor <= 4, full_rss < 6144 MiB (10M), incr_over_full < 0.10, max_month_diff_usd <= 1e-6"
