#!/usr/bin/env bash
# Times the statestore tool end to end, JVM start included, on a large journal: builds a journal of
# WRITES writes (default 1,000,000) over KEYS keys (default 100,000) with the store itself
# (scripts/CliTimingJournal.java, durability buffered, every other option at its default, so the
# journal checkpoints and seals as a service's would), then runs `./statestore get <journal> KEY`
# and `./statestore tail -n 10 <journal>` RUNS times each (default 5) and prints the median and the
# maximum wall-clock time of each. KEY defaults to key:0, the key written longest ago: the slowest
# live key for get, which reads the history after the checkpoint backwards until it meets the key.
#
#   scripts/cli-timing.sh                    # build the jar if needed, a journal in a temp dir
#   JOURNAL=/tmp/t.jsonl scripts/cli-timing.sh   # keep the journal there (reused when it exists)
#
# Numbers from shared machines drift: compare runs made on one machine at one time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/store-cli/target/statestore.jar"
writes="${WRITES:-1000000}"
keys="${KEYS:-100000}"
runs="${RUNS:-5}"
key="${KEY:-key:0}"

if [[ ! -f "$jar" ]]; then
    echo "building $jar (./mvnw -B -q -pl store-cli -am package -DskipTests) ..." >&2
    (cd "$root" && ./mvnw -B -q -pl store-cli -am package -DskipTests 1>&2)
fi
# The launcher rebuilds a jar older than the sources; check that now, so no run below includes a build.
"$root/statestore" --version >/dev/null

if [[ -n "${JOURNAL:-}" ]]; then
    journal="$JOURNAL"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    journal="$work/timing.jsonl"
fi
if [[ ! -f "$journal" ]]; then
    java -cp "$jar" "$root/scripts/CliTimingJournal.java" "$journal" "$writes" "$keys"
fi
du -sh "$journal" "$journal.d" 2>/dev/null | sed 's/^/journal files: /'

# Prints the wall-clock milliseconds of one run of the launcher with the given arguments.
time_once() {
    local start end
    start=$(date +%s%N)
    "$root/statestore" "$@" >/dev/null
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}

# Runs the launcher $runs times and prints "median X ms, max Y ms (runs: ...)".
measure() {
    local label="$1"
    shift
    local times=()
    for ((i = 0; i < runs; i++)); do
        times+=("$(time_once "$@")")
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    local median max
    median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
    max=$(echo "$sorted" | tail -n 1)
    printf '%-28s median %5d ms, max %5d ms  (runs: %s)\n' "$label" "$median" "$max" "${times[*]}"
}

echo "statestore on $journal: $writes writes over $keys keys; $runs runs each, JVM start included"
measure "get $key" get "$journal" "$key"
measure "tail -n 10" tail -n 10 "$journal"
