#!/usr/bin/env bash
# Runs statestore's JMH benchmarks and writes docs/benchmarks.md with its SVG charts.
#
# Usage: scripts/bench.sh [--smoke] [--no-build]
#
#   (no option)  The full run, for the published figures. Builds store-bench/target/benchmarks.jar
#                (./mvnw package, tests skipped), runs the five core benchmarks one after another
#                with the settings below, writes each one's JMH JSON and log to
#                store-bench/target/jmh-<name>.json|.log, then generates docs/benchmarks.md,
#                docs/bench-reap.svg and docs/bench-append.svg from the JSON. Takes 15 to 20
#                minutes on 2 cores. Run it on a quiet machine: other load is measured too.
#   --smoke      Every benchmark once: no warm-up, one 1-second iteration, the smallest sizes.
#                1 to 3 minutes. JSON goes to store-bench/target/jmh-smoke-<name>.json and the
#                report, labelled SMOKE RUN, to store-bench/target/smoke-docs/; docs/ is not touched.
#   --no-build   Use the benchmarks.jar that is already built.
#
# Settings of the full run (one fork each; a fork per parameter combination):
#   ReapBenchmark           single shot, 3 warm-up + 5 measured calls, n = 10^3..10^6, memory and jsonl
#   JournalAppendBenchmark  throughput, 3 x 2 s warm-up + 5 x 2 s measured, 3 modes x 2 sizes x 1/4/16 writers
#   ReplayBenchmark         single shot, 3 warm-up + 5 measured opens, 10^5 and 10^6 lines
#   InMemoryOpsBenchmark    throughput, 3 x 2 s warm-up + 5 x 2 s measured, store and baseline, 1 and 2 threads
#   FootprintBenchmark      one measurement (JOL), store and baseline, two value kinds
#
# Journals are written under store-bench/target/bench-scratch (override with BENCH_DIR=<dir>; it
# must be a real disk, not a tmpfs, or fsync costs nothing) and deleted by the benchmarks.
# Two sections of docs/benchmarks.md are kept as they are when it is regenerated: the one between
# <!-- peers:start --> and <!-- peers:end -->, which belongs to the peer benchmark (package
# dev.statestore.bench.peers, not run here), and the hand-written notes on missed targets between
# <!-- notes:start --> and <!-- notes:end -->.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET="$ROOT/store-bench/target"
JAR="$TARGET/benchmarks.jar"

smoke=false
build=true
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option '$arg' (use --smoke, --no-build or --help)" >&2; exit 2 ;;
  esac
done

if $build; then
  echo "== building $JAR"
  ./mvnw -B -q -pl store-bench -am package -DskipTests
fi
if [[ ! -f "$JAR" ]]; then
  echo "bench.sh: $JAR is missing: run without --no-build" >&2
  exit 1
fi

SCRATCH="${BENCH_DIR:-$TARGET/bench-scratch}"
mkdir -p "$SCRATCH"
COMMON=(-foe true -jvmArgsPrepend "-Dstatestore.bench.dir=$SCRATCH")

if $smoke; then
  PREFIX="jmh-smoke-"
  FAST=(-f 1 -wi 0 -i 1 -w 1s -r 1s)
  SINGLE=(-f 1 -wi 0 -i 1)
  declare -A RUNS=(
    [reap]="ReapBenchmark ${SINGLE[*]} -p transitions=1000"
    [append]="JournalAppendBenchmark ${FAST[*]} -p valueBytes=64"
    [replay]="ReplayBenchmark ${SINGLE[*]} -p lines=100000"
    [memory-ops]="InMemoryOpsBenchmark ${FAST[*]}"
    [footprint]="FootprintBenchmark ${SINGLE[*]} -p keys=1000"
  )
else
  PREFIX="jmh-"
  declare -A RUNS=(
    [reap]="ReapBenchmark -f 1 -wi 3 -i 5"
    [append]="JournalAppendBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s"
    [replay]="ReplayBenchmark -f 1 -wi 3 -i 5"
    [memory-ops]="InMemoryOpsBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s"
    [footprint]="FootprintBenchmark -f 1"
  )
fi

results=()
start=$(date +%s)
for name in reap append replay memory-ops footprint; do
  read -r -a spec <<< "${RUNS[$name]}"
  class="${spec[0]}"
  json="$TARGET/${PREFIX}${name}.json"
  log="$TARGET/${PREFIX}${name}.log"
  rm -f "$json"
  echo "== $class ($(date -u +%H:%M:%S) UTC, load:$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ' n/a'))"
  java -jar "$JAR" "^dev\\.statestore\\.bench\\.${class}\\." "${spec[@]:1}" "${COMMON[@]}" \
      -rf json -rff "$json" > "$log" 2>&1 || {
    echo "bench.sh: $class failed; the end of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  }
  grep -E "^Benchmark +\\(|^${class}\\." "$log" || true
  results+=("$json")
done
echo "== benchmarks took $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s"

if $smoke; then
  out="$TARGET/smoke-docs/benchmarks.md"
  java -cp "$JAR" dev.statestore.bench.report.ReportMain --smoke --out "$out" --peers-from docs/benchmarks.md "${results[@]}"
else
  out="docs/benchmarks.md"
  java -cp "$JAR" dev.statestore.bench.report.ReportMain --out "$out" "${results[@]}"
fi
echo "== wrote $out and its charts"
