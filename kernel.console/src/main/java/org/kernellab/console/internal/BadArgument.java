package org.kernellab.console.internal;

import org.kernellab.api.console.CommandException;

/**
 * A command's argument is missing or wrong: printed as its message alone
 * ({@link CommandException}), so the user reads {@code duration "10" needs a unit ...} and not
 * {@code java.lang.IllegalArgumentException: ...}.
 */
final class BadArgument extends CommandException {
    private static final long serialVersionUID = 1L;

    BadArgument(String message) {
        super(message);
    }

    BadArgument(String message, Throwable cause) {
        super(message, cause);
    }

    /** A missing or surplus argument: what is wrong, then the command's usage line. */
    public static BadArgument usage(String problem, String usage) {
        return new BadArgument(problem + "; usage: " + usage);
    }
}
