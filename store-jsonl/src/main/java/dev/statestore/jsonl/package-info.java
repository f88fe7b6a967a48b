/**
 * The JSON Lines backend of statestore: {@link dev.statestore.jsonl.JsonlStateStore} (the
 * in-memory engine with a {@link dev.statestore.jsonl.JsonlJournal} attached), the read-only
 * {@link dev.statestore.jsonl.JournalReader}, and the provider of
 * {@code statestore:jsonl:<path>}.
 */
package dev.statestore.jsonl;
