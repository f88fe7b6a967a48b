#!/usr/bin/env bash
# Runs the side-by-side benchmark of statestore against H2 MVStore, SQLite (WAL) and RocksDB
# and writes its section of docs/benchmarks.md (between <!-- peers:start --> and <!-- peers:end -->).
#
#   scripts/bench-peers.sh                full run, for a quiet machine: about 15 minutes on 2 cores
#                                         (52 throughput trials of ~15 s, 8 reopen trials of 10^6 writes,
#                                         4 expiry trials); writes docs/benchmarks.md
#   scripts/bench-peers.sh --smoke        every benchmark once, tiny sizes: 2 to 5 minutes;
#                                         writes store-bench/target/peers/benchmarks-smoke.md, not docs/
#   options: --out FILE      write the section into FILE instead
#            --skip-build    use the existing store-bench/target/benchmarks.jar
#            --only REGEX    run only the benchmarks matching REGEX (e.g. PeerReopenBenchmark)
#            -- ARGS...      pass ARGS to JMH (e.g. -- -p store=ROCKSDB,STATESTORE_JSONL)
#
# The stores' files live under a directory of this run (in $TMPDIR, default /tmp) that is removed
# at the end, also on failure. JMH's JSON output stays in store-bench/target/peers/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

smoke=false
build=true
out=""
only='dev\.statestore\.bench\.peers\..*Benchmark'
jmh_extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=true ;;
        --skip-build) build=false ;;
        --out) out="${2:?--out needs a file}"; shift ;;
        --only) only="dev\\.statestore\\.bench\\.peers\\..*${2:?--only needs a regex}.*"; shift ;;
        --) shift; jmh_extra=("$@"); break ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "bench-peers.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

jar=store-bench/target/benchmarks.jar
results_dir=store-bench/target/peers
mkdir -p "$results_dir"
if $build; then
    echo "== building $jar"
    ./mvnw -B -q -pl store-bench -am package -DskipTests
fi
[ -f "$jar" ] || { echo "bench-peers.sh: $jar is missing; run without --skip-build" >&2; exit 1; }

run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/statestore-peers-run.XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
# Every store directory of the run goes under $run_tmp; JMH's forked JVMs inherit the variable.
export STATESTORE_BENCH_DIR="$run_tmp"

fs=$(df -T "$run_tmp" | awk 'NR == 2 { print $2 }')
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || true)
mem=$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
machine="${cpu:-unknown CPU}, $(nproc) cores, ${mem:-unknown RAM}, $(uname -sr); store files on ${fs:-unknown}; run of $(date -u +%Y-%m-%dT%H:%MZ)"

if $smoke; then
    results="$results_dir/results-smoke.json"
    [ -n "$out" ] || {
        out="$results_dir/benchmarks-smoke.md"
        if [ -f docs/benchmarks.md ]; then cp docs/benchmarks.md "$out"; else rm -f "$out"; fi
    }
    # One short iteration each, in forked JVMs as in the full run, with small stores: proves the
    # suite runs end to end.
    java -jar "$jar" "$only" -jvmArgsAppend "-Xms256m -Xmx1g" \
        -f 1 -wi 0 -i 1 -w 500ms -r 500ms -p keys=2000 -p churn=3 \
        -rf json -rff "$results" "${jmh_extra[@]}"
    report_flags=(--smoke)
else
    results="$results_dir/results.json"
    out="${out:-docs/benchmarks.md}"
    # Iterations, times and heap are those of each class's annotations.
    java -jar "$jar" "$only" -rf json -rff "$results" "${jmh_extra[@]}"
    report_flags=()
fi

java -cp "$jar" dev.statestore.bench.peers.PeerReport --results "$results" --out "$out" \
    --machine "$machine" "${report_flags[@]}"
echo "== results: $root/$results"
echo "== section: $root/$out"
