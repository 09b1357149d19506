package org.kernellab.api;

/** What the kernel does when a context rule is broken. Set through ConfigAdmin ({@code policy}). */
public enum ViolationPolicy {
    /** Linux's default: print the report (rate-limited to once per second of virtual time), taint, go on. */
    WARN,
    /** The offending call throws {@link ContextViolationException} to its caller. */
    FAIL,
    /** Halt the simulation cleanly with the report; run control returns a panicked result. */
    PANIC;

    public static ViolationPolicy parse(String s) {
        for (ViolationPolicy p : values()) if (p.name().equalsIgnoreCase(s)) return p;
        throw new IllegalArgumentException("policy \"" + s + "\" is unknown; use warn, fail or panic");
    }
}
