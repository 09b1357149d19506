package org.kernellab.console.internal;

import java.io.PrintWriter;

import org.apache.felix.service.command.CommandSession;
import org.jline.terminal.Terminal;

/**
 * The console's JLine terminal while a command runs the machine: Ctrl-C goes to the command
 * instead of Gogo (which would interrupt the job, print {@code java.lang.InterruptedException}
 * and leave the run going on behind the prompt), and progress lines go to the screen. Only
 * {@link #during} touches JLine, so a framework without it loses no more than these two.
 */
final class ConsoleTerminal implements AutoCloseable {
    /** Gogo's session variable that holds the terminal (Shell.VAR_TERMINAL). */
    static final String VAR_TERMINAL = ".terminal";

    private final Terminal terminal;
    private final Terminal.SignalHandler previous;

    private ConsoleTerminal(Terminal terminal, Runnable onCtrlC) {
        this.terminal = terminal;
        this.previous = terminal.handle(Terminal.Signal.INT, s -> onCtrlC.run());
    }

    /**
     * While the returned object is open, Ctrl-C in the session's terminal runs {@code onCtrlC};
     * null when the session has no JLine terminal (a test's session, or no JLine at all).
     */
    static ConsoleTerminal during(CommandSession session, Runnable onCtrlC) {
        if (session == null) return null;
        try {
            Object t = session.get(VAR_TERMINAL);
            return t instanceof Terminal term ? new ConsoleTerminal(term, onCtrlC) : null;
        } catch (NoClassDefFoundError noJline) {
            return null;
        }
    }

    /** True for a real terminal, where progress lines help; false for -c, scripts and pipes (a dumb terminal). */
    boolean interactive() {
        return !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    void println(String line) {
        PrintWriter w = terminal.writer();
        w.println(line);
        w.flush();
    }

    @Override
    public void close() {
        terminal.handle(Terminal.Signal.INT, previous);
    }
}
