/**
 * The JMH benchmarks of statestore: reap growth, journal appends per durability mode and writer
 * count, replay, in-memory reads and writes beside a hand-written baseline, and heap per key.
 *
 * <p>Packed into {@code store-bench/target/benchmarks.jar}; {@code scripts/bench.sh} runs them
 * and writes {@code docs/benchmarks.md}.
 */
package dev.statestore.bench;
