/**
 * The module-path consumer of statestore: a program that opens {@code statestore:memory:} and
 * {@code statestore:jsonl:} stores through {@link dev.statestore.StateStores} from a named module.
 */
package dev.statestore.it;
