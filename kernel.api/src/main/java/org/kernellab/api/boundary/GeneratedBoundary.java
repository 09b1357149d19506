package org.kernellab.api.boundary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a boundary class written by {@code kernel.apt} for the kernel service interface
 * {@link #value()}. The core uses it to find the class and to leave its frames out of the
 * call traces of violation reports, as it leaves out its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface GeneratedBoundary {
    /** The interface the class implements. */
    Class<?> value();
}
