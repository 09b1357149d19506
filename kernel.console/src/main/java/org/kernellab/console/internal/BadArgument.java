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

    /**
     * For a command that takes no argument (options aside): refuses {@code surplus} words with
     * the usage line, where Gogo would say it "cannot coerce" them.
     */
    static void none(String usage, String... surplus) {
        if (surplus != null && surplus.length > 0) {
            String command = usage.split(" ", 2)[0];
            throw usage(command + " takes no argument, not " + String.join(" ", surplus), usage);
        }
    }
}
