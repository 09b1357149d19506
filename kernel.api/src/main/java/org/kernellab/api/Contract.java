package org.kernellab.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the context a kernel service method may be called from. The kernel reads these
 * once, when it puts a service behind its contract boundary, and checks every call there, so
 * no implementation can forget the check. Every method of a {@code @KernelService} interface
 * must carry one; the boundary refuses interfaces with an undeclared method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Contract {
    Ctx value();

    /** The usual fix when the rule is broken, e.g. "use GFP_ATOMIC". Empty: the kernel's default advice for the rule. */
    String fix() default "";
}
