#!/usr/bin/env bash
# Runs the side-by-side workloads only (writes, reads, reopen, expiry: ours beside H2 MVStore,
# SQLite WAL and RocksDB at matched durability) and writes a filled copy of docs/benchmarks.md to
# store-bench/target/bench/docs/, never to docs/: the published document comes from one whole
# run of scripts/bench.sh, which runs the peers in the same run as everything else.
#
# Usage: scripts/bench-peers.sh [--smoke] [--no-build]   (the options of scripts/bench.sh)
set -euo pipefail
exec "$(dirname "$0")/bench.sh" --only writes,reads,reopen,expiry "$@"
