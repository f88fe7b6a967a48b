/**
 * The {@code statestore} command line tool: subcommands that inspect, verify, query, compact and write
 * JSON Lines journals, plus a demo and a quick benchmark.
 *
 * <p>{@link dev.statestore.cli.Main} is the entry point of {@code store-cli/target/statestore.jar}.
 */
package dev.statestore.cli;
