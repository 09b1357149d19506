package org.kernellab.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * Builds JLine terminals inside OSGi.
 * <p>
 * JLine finds its terminal providers (ffm, jni, exec...) by loading
 * {@code META-INF/services/org/jline/terminal/provider/NAME} through the thread context class
 * loader. In a framework that loader is the application class loader, which cannot see the
 * org.jline bundle, so every provider "fails" and JLine quietly hands back a dumb terminal:
 * no line editing, no history keys, no completion. The fix is to build the terminal with the
 * context class loader set to the org.jline bundle's own loader, and to refuse the silent
 * fallback: if no provider works the user is told why.
 */
final class Terminals {

    private Terminals() {
    }

    /** The process's terminal, for the interactive console. */
    static Terminal system(PrintStream err) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            try {
                return TerminalBuilder.builder()
                    .name("kernellab")
                    .system(true)
                    .dumb(false) // fail instead of degrading silently
                    .nativeSignals(true)
                    .signalHandler(Terminal.SignalHandler.SIG_IGN)
                    .build();
            } catch (IOException | IllegalStateException noProvider) {
                err.println("kernel: no JLine terminal provider works here (" + noProvider.getMessage()
                    + "); line editing, history and completion are off");
                return TerminalBuilder.builder().name("kernellab").system(true).dumb(true).build();
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * A dumb terminal over plain streams, for commands run from -c, a script or a pipe. Made
     * directly: the builder would probe the native providers for nothing.
     */
    static Terminal dumb(InputStream in, OutputStream out) throws IOException {
        return new DumbTerminal("kernellab", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }
}
