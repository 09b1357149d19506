package org.kernellab.api.console;

import java.util.function.Supplier;

/**
 * A console command's error as its user should read it: what is wrong with the command line
 * and, for a missing or surplus argument, the command's usage. Gogo's interactive shell prints a
 * failed command's exception with {@code toString()}; this one prints its message alone, so the
 * user reads {@code workload "x.json": no such file} and not
 * {@code java.lang.IllegalArgumentException: workload "x.json": no such file}. Every bundle that
 * adds commands throws it for its user's mistakes, or passes its command's body through
 * {@link #of(Supplier)}.
 */
public class CommandException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A missing or surplus argument: what is wrong, then the command's usage line. */
    public static CommandException usage(String problem, String usage) {
        return new CommandException(problem + "; usage: " + usage);
    }

    /**
     * For a command that takes no argument (options aside): refuses {@code surplus} words with
     * the usage line, where Gogo would say it "cannot coerce" them. The command's name is the
     * usage's first word.
     */
    public static void none(String usage, String... surplus) {
        if (surplus != null && surplus.length > 0) {
            String command = usage.split(" ", 2)[0];
            throw usage(command + " takes no argument, not " + String.join(" ", surplus), usage);
        }
    }

    /**
     * Runs a command's body: an {@link IllegalArgumentException} it throws (a bad argument, a
     * workload file that is not valid) comes out as a CommandException with the same message.
     */
    public static <T> T of(Supplier<T> body) {
        try {
            return body.get();
        } catch (CommandException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage(), e);
        }
    }

    /** {@link #of(Supplier)} for a command that prints instead of returning. */
    public static void run(Runnable body) {
        of(() -> {
            body.run();
            return null;
        });
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
