/**
 * The side-by-side benchmarks of statestore's JSON Lines store against H2 MVStore, SQLite in
 * WAL mode and RocksDB at matched durability, and the section of {@code docs/benchmarks.md}
 * they produce.
 *
 * <p>Run by {@code scripts/bench-peers.sh}.
 */
package dev.statestore.bench.peers;
