#!/usr/bin/env bash
# Runs statestore's benchmarks, ours and the peers' in one run, and fills docs/benchmarks.md and
# its SVG charts from the results.
#
# Usage: scripts/bench.sh [--smoke] [--no-build] [--resume] [--only NAME[,NAME...]]
#
#   (no option)  The published run. Builds store-bench/target/benchmarks.jar (./mvnw package, tests
#                skipped), runs every workload on every subject with 3 forks each, the heap
#                program, and then dev.statestore.bench.report.ReportMain, which replaces the text
#                between each <!-- generated:NAME --> and <!-- end:NAME --> of docs/benchmarks.md
#                and writes docs/bench-*.svg. Everything else in the document is hand-written and
#                kept. JSON and logs go to store-bench/target/bench/. Takes about 2 hours on a
#                quiet 2-core machine, far longer on a loaded one (docs/benchmarks.md, "Cost of a
#                published run"). Run it on a quiet machine: other load is measured too, and
#                widens every interval.
#   --smoke      Every workload on every subject once, forked as in the published run but with no
#                warm-up, one 1-second iteration and the smallest sizes: proves the suite and the
#                report work (132 trials; 20 min on a loaded 2-core machine). Writes
#                store-bench/target/bench-smoke/ and a filled copy of the document in
#                store-bench/target/bench-smoke/docs/; docs/ is not touched.
#   --no-build   Use the benchmarks.jar that is already built.
#   --resume     Go on with an interrupted run: the parts whose results are in the output directory
#                are kept, and only the others run. Implies --no-build, and refuses a benchmarks.jar
#                other than the one the run started with (its SHA-256 is kept beside the results).
#                The report's duration is the sum of every part's own time, and it says that the run
#                was resumed.
#   --only       Run only the named parts (writes, writes-1k, reads, reopen, expiry, conditional,
#                feed, heap, postgres, postgres-threads, processes, and the version 2 journal's
#                parts reopen-long, reopen-wide, expiry-tenth, checkpoint); the report is written to the run's
#                directory, never to docs/, because a published document comes from one whole run.
#
# Settings of the published run (also the classes' annotations, so a bare `java -jar` run matches):
#   WriteBenchmark, ReadBenchmark, ConditionalWriteBenchmark, ChangeFeedBenchmark
#       3 forks x (2 warm-up + 4 measured iterations of 2 s)
#   ReopenBenchmark    3 forks x (2 warm-up + 5 measured single shots)
#   ExpiryBenchmark    3 forks x (5 warm-up + 10 measured single shots)
#   HeapFootprint      one JVM, -Xmx3g; history lengths 10^4 to 10^7
#
# PostgreSQL: set STATESTORE_BENCH_POSTGRES=statestore:postgresql://host/db?user=...&password=...
# to add the POSTGRES subject to every workload and the `processes` part (writes from 1, 2 and 4
# client JVMs, dev.statestore.bench.ProcessWrites); STATESTORE_BENCH_POSTGRES=embedded starts a
# PostgreSQL 17 server on this machine for the run (dev.statestore.bench.PgServerMain, durable
# commits) and stops it at the end. Without it the subject is left out and its rows say "not
# measured".
#
# BENCH_JAR=<file> runs another copy of benchmarks.jar and BENCH_OUT=<dir> writes the results
# elsewhere than store-bench/target/bench: a run spread over several sittings keeps both outside
# target/, which a build replaces. REPORT_JAR=<file> writes the report with another jar's
# ReportMain (the report reads only the JSON results, so a newer report can come from them).
#
# Stores live under store-bench/target/bench-scratch (override with BENCH_DIR=<dir>; a real disk,
# not a tmpfs, or fsync costs nothing) and are deleted by the benchmarks.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET="$ROOT/store-bench/target"
JAR="${BENCH_JAR:-$TARGET/benchmarks.jar}"

smoke=false
build=true
resume=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --no-build) build=false ;;
    --resume) resume=true; build=false ;;
    --only) only=",${2:?--only needs a list of parts},"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option '$1' (use --smoke, --no-build, --resume, --only or --help)" >&2; exit 2 ;;
  esac
  shift
done

if $build; then
  echo "== building $JAR"
  ./mvnw -B -q -pl store-bench -am package -DskipTests -Djcstress.skip
fi
[ -f "$JAR" ] || { echo "bench.sh: $JAR is missing: run without --no-build" >&2; exit 1; }

SCRATCH="${BENCH_DIR:-$TARGET/bench-scratch}"
mkdir -p "$SCRATCH"
COMMON=(-foe true -jvmArgsPrepend "-Dstatestore.bench.dir=$SCRATCH")
FILES_JSONL="JSONL_BUFFERED,JSONL_FLUSHED,JSONL_SYNCED"

if $smoke; then
  OUT="$TARGET/bench-smoke"
  RUNS=(-f 1 -wi 0 -i 1 -w 1s -r 1s -p keys=2000 -p writes=2000 -p subscribers=1)
  HEAP=(--keys 1000 --history-keys 1000 --writes 2000)
else
  OUT="${BENCH_OUT:-$TARGET/bench}"
  RUNS=(-f 3)
  HEAP=(--writes 10000,100000,1000000,10000000)
fi
mkdir -p "$OUT"
jar_sum=$(sha256sum "$JAR" | cut -d' ' -f1)
if $resume; then
  [ -f "$OUT/benchmarks.sha256" ] || { echo "bench.sh: nothing to resume in $OUT" >&2; exit 1; }
  [ "$(cat "$OUT/benchmarks.sha256")" = "$jar_sum" ] || {
    echo "bench.sh: $JAR is not the jar the run in $OUT started with; start a new run" >&2; exit 1; }
else
  rm -f "$OUT"/jmh-*.json "$OUT"/jmh-*.seconds "$OUT"/processes.md
  echo "$jar_sum" > "$OUT/benchmarks.sha256"
fi

# part name -> JMH arguments (benchmark regex first)
declare -A PARTS=(
  [writes]="WriteBenchmark\\."
  [writes-1k]="WriteBenchmark\\.put -p valueBytes=1024 -p subject=$FILES_JSONL"
  [reads]="ReadBenchmark\\."
  [reopen]="ReopenBenchmark\\."
  [expiry]="ExpiryBenchmark\\."
  [conditional]="ConditionalWriteBenchmark\\."
  [feed]="ChangeFeedBenchmark\\."
  [postgres]="(WriteBenchmark|ReadBenchmark|ReopenBenchmark|ExpiryBenchmark|ConditionalWriteBenchmark|ChangeFeedBenchmark)\\. -p subject=POSTGRES -p shutdown=CLEAN"
  [reopen-long]="ReopenBenchmark\\. -p subject=JSONL_FLUSHED -p keys=10000 -p writes=100000,10000000"
  [reopen-wide]="ReopenBenchmark\\. -p keys=100000 -p writes=1000000"
  [expiry-tenth]="ExpiryBenchmark\\. -p keys=100000 -p expired=10000"
  [checkpoint]="CheckpointLatencyBenchmark\\."
)
ORDER=(writes writes-1k reads reopen expiry conditional feed reopen-long reopen-wide expiry-tenth checkpoint)
if [ "${STATESTORE_BENCH_POSTGRES:-}" = embedded ]; then
  echo "== starting an embedded PostgreSQL server for POSTGRES"
  pg_out="$TARGET/pg-server.out"
  java -cp "$JAR" dev.statestore.bench.PgServerMain > "$pg_out" 2> "$TARGET/pg-server.log" &
  pg_pid=$!
  trap 'kill "$pg_pid" 2>/dev/null; wait "$pg_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    [ -s "$pg_out" ] && break
    kill -0 "$pg_pid" 2>/dev/null || { echo "bench.sh: the PostgreSQL server did not start:" >&2; cat "$TARGET/pg-server.log" >&2; exit 1; }
    sleep 1
  done
  [ -s "$pg_out" ] || { echo "bench.sh: no PostgreSQL URL after 120 s" >&2; exit 1; }
  STATESTORE_BENCH_POSTGRES="$(head -n 1 "$pg_out")&pool-size=20"
  export STATESTORE_BENCH_POSTGRES
fi
if [ -n "${STATESTORE_BENCH_POSTGRES:-}" ]; then
  ORDER+=(postgres postgres-threads processes)
else
  echo "== POSTGRES left out: STATESTORE_BENCH_POSTGRES is not set"
fi

# Records how long a part took, beside its results.
part_done() {
  local seconds=$(( $(date +%s) - part_start ))
  echo "$seconds" > "$OUT/jmh-$1.seconds"
  echo "   took $seconds s${2:-}"
}

results=()
for name in "${ORDER[@]}" heap; do
  [ -z "$only" ] || [[ "$only" == *",$name,"* ]] || continue
  json="$OUT/jmh-$name.json"
  log="$OUT/jmh-$name.log"
  if $resume && [ -f "$OUT/jmh-$name.seconds" ]; then
    echo "== $name: kept from the run being resumed"
    if [ "$name" = postgres-threads ]; then
      for t in 1 4 16; do results+=("$OUT/jmh-$name-t$t.json"); done
    elif [ "$name" != processes ]; then
      results+=("$json")
    fi
    continue
  fi
  rm -f "$json"
  part_start=$(date +%s)
  echo "== $name ($(date -u +%H:%M:%S) UTC, load:$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ' n/a'))"
  if [ "$name" = postgres-threads ]; then
    # Reads and conditional writes of PostgreSQL and the synced journal at 1, 4 and 16 threads
    # (the classes fix their own thread counts; -t overrides them).
    for t in 1 4 16; do
      tjson="$OUT/jmh-$name-t$t.json"
      java -jar "$JAR" '^dev\.statestore\.bench\.(ReadBenchmark\.get1|ConditionalWriteBenchmark\.setIfOneThread)$' \
          -p subject=POSTGRES,JSONL_SYNCED -t "$t" "${RUNS[@]}" "${COMMON[@]}" -rf json -rff "$tjson" >> "$log" 2>&1 || {
        echo "bench.sh: $name failed; the end of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
      }
      results+=("$tjson")
    done
    part_done "$name"
    continue
  elif [ "$name" = processes ]; then
    java -cp "$JAR" dev.statestore.bench.ProcessWrites --url "$STATESTORE_BENCH_POSTGRES" \
        --out "$OUT/processes.md" > "$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
    part_done "$name" "; table in $OUT/processes.md"
    continue
  elif [ "$name" = heap ]; then
    java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -Xms1g -Xmx3g \
        "-Dstatestore.bench.dir=$SCRATCH" -cp "$JAR" dev.statestore.bench.HeapFootprint \
        --out "$json" "${HEAP[@]}" > "$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
  else
    read -r -a spec <<< "${PARTS[$name]}"
    java -jar "$JAR" "^dev\\.statestore\\.bench\\.${spec[0]}" "${spec[@]:1}" "${RUNS[@]}" "${COMMON[@]}" \
        -rf json -rff "$json" > "$log" 2>&1 || {
      echo "bench.sh: $name failed; the end of $log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    }
  fi
  part_done "$name"
  results+=("$json")
done
took=0
for f in "$OUT"/jmh-*.seconds; do
  [ -f "$f" ] && took=$(( took + $(cat "$f") ))
done
duration="$(( took / 3600 )) h $(( took % 3600 / 60 )) min"
$resume && duration="$duration, resumed after an interruption"
echo "== benchmarks took $duration ($took s)"

if $smoke || [ -n "$only" ]; then
  mkdir -p "$OUT/docs"
  cp docs/benchmarks.md "$OUT/docs/benchmarks.md"
  out="$OUT/docs/benchmarks.md"
  flags=(--duration "$duration")
  $smoke && flags+=(--smoke)
else
  out="docs/benchmarks.md"
  flags=(--duration "$duration")
fi
[ -f "$OUT/processes.md" ] && flags+=(--processes "$OUT/processes.md")
java -Djava.awt.headless=true -cp "${REPORT_JAR:-$JAR}" dev.statestore.bench.report.ReportMain "${flags[@]}" \
    --out "$out" "${results[@]}"
echo "== wrote $out and its charts"
