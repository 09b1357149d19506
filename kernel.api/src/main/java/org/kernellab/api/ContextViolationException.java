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

    /**
     * The class and the rule only: the kernel has printed the whole report when it
     * threw, so a guard that reports the exception (a handler's "failed: ...") does not print the
     * BUG report a second time. {@link #getMessage()} keeps the full report.
     */
    @Override
    public String toString() {
        return getClass().getName() + ": rule " + rule + " broken; its report is in the kernel log above";
    }
}
