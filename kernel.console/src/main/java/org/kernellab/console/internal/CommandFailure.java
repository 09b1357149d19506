package org.kernellab.console.internal;

/**
 * A command could not do what it was asked (no kernel core, a panic, a reboot that timed out).
 * Printed as its message alone, like {@link BadArgument}.
 */
final class CommandFailure extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
