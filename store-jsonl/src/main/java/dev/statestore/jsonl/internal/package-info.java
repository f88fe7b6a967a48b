/**
 * The machinery of the JSON Lines journal: line encoding and decoding, value and timestamp
 * forms, file I/O and its fault seam, the journal lock, group commit and the repair of torn
 * tails.
 *
 * <p>Not an API: the module {@code dev.statestore.jsonl} does not export it.
 */
package dev.statestore.jsonl.internal;
