/**
 * Helpers shared by statestore's own modules: the parsing of store URLs, the registry of
 * providers, and transitions that share their value nodes.
 *
 * <p>Not an API: the package is exported only to {@code dev.statestore.memory} and
 * {@code dev.statestore.jsonl}, and may change in any release.
 */
package dev.statestore.internal;
