package dev.statestore.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The place to look when a kit rule fails: a one-line hint that the kit appends to the failure
 * message ("if this fails, look at …"). On a rule (a test method) it names the likely culprit of
 * that rule; on a rule group (a class) it is the hint of every rule of the group that has none
 * of its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface Hint {

    /** Returns the hint, completing the sentence "if this fails, look at …". */
    String value();
}
