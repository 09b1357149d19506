package org.kernellab.console.internal;

/**
 * A command's argument is missing or wrong. Gogo's interactive shell prints an exception as
 * {@link #toString()}; this one prints its message alone, so the user reads
 * {@code duration "10" needs a unit ...} and not {@code java.lang.IllegalArgumentException: ...}.
 */
final class BadArgument extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadArgument(String message) {
        super(message);
    }

    BadArgument(String message, Throwable cause) {
        super(message, cause);
    }

    /** A missing or surplus argument: what is wrong, then the command's usage line. */
    static BadArgument usage(String problem, String usage) {
        return new BadArgument(problem + "; usage: " + usage);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
