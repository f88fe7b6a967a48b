/**
 * The generator of {@code docs/benchmarks.md} and its SVG charts from the JSON results of a JMH
 * run: the machine, every target beside its measured figure, and a table per benchmark.
 */
package dev.statestore.bench.report;
