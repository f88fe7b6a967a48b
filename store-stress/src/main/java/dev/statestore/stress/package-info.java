/**
 * The jcstress tests of the statestore engine: one class per concurrency property, with broken
 * models beside the real store where they show what a test can see.
 *
 * <p>Packed into {@code store-stress/target/jcstress.jar}, which {@code ./mvnw -B verify} runs in
 * sanity mode.
 */
package dev.statestore.stress;
