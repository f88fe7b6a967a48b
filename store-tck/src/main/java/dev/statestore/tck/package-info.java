/**
 * The statestore conformance kit: abstract JUnit test classes that every backend runs.
 *
 * <p>{@link dev.statestore.tck.StateStoreTck} holds a named contract test per rule of the
 * semantics, grouped by area; {@link dev.statestore.tck.StateStorePropertiesTck} checks random
 * operation sequences against a model. A backend adopts each with a subclass that opens its
 * stores.
 */
package dev.statestore.tck;
