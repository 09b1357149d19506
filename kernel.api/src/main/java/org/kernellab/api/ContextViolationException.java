package org.kernellab.api;

/**
 * Thrown to the caller of a kernel service that broke its context contract, when the
 * violation policy is {@link ViolationPolicy#FAIL}. The message is the full report.
 */
public class ContextViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Ctx rule;

    public ContextViolationException(Ctx rule, String report) {
        super(report, null, false, false);
        this.rule = rule;
    }

    /** The rule that was broken. */
    public Ctx rule() { return rule; }
}
