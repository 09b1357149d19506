package org.kernellab.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jline.reader.LineReaderBuilder;
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

    /**
     * The providers tried, one at a time, unless {@code org.jline.terminal.providers} names
     * others. exec (stty) is enough on any POSIX system. The ffm and jni providers load a native
     * linker or library (about 0.1 s of boot, and a JDK warning unless the JVM grants native
     * access: for FFM since JDK 22, for System.load since JDK 24), so they are only tried when
     * exec fails.
     * <p>
     * JLine's {@code providers(list)} only orders the providers: its builder still loads and
     * probes every provider that is not switched off (ffm, jni, jansi, jna and exec), so each
     * attempt names a single {@code provider(name)} instead, which switches off the others.
     */
    static final List<String> PROVIDERS = List.of("exec", "ffm", "jni");

    private Terminals() {
    }

    /** The process's terminal, for the interactive console. */
    static Terminal system(PrintStream err) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            String configured = System.getProperty(TerminalBuilder.PROP_PROVIDERS);
            List<String> attempts = configured != null ? List.of(configured) : PROVIDERS;
            List<String> failures = new ArrayList<>();
            for (String attempt : attempts) {
                TerminalBuilder builder = TerminalBuilder.builder()
                    .name("kernellab")
                    .system(true)
                    .dumb(false) // fail instead of degrading silently
                    .nativeSignals(true)
                    // Ctrl-C kills a boot that hangs; gogo's shell handles INT and TSTP itself.
                    .signalHandler(Terminal.SignalHandler.SIG_DFL);
                try {
                    return (configured != null ? builder.providers(attempt) : builder.provider(attempt)).build();
                } catch (IOException | IllegalStateException noProvider) {
                    failures.add(attempt + ": " + noProvider.getMessage());
                }
            }
            err.println("kernel: no JLine terminal provider works here (" + String.join("; ", failures)
                + "); line editing, history and completion are off");
            return TerminalBuilder.builder().name("kernellab").system(true).dumb(true).build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Builds, and drops, a line reader on the terminal: the shell's own reader, built once the
     * framework has started, then finds JLine's classes loaded and its call sites linked. The
     * reader's constructor only reads the terminal's capabilities and the user's inputrc, so
     * this is safe while the shell uses the terminal. A failure here costs only the head start.
     */
    static void warmUpLineReader(Terminal t) {
        try {
            LineReaderBuilder.builder().terminal(t).build();
        } catch (RuntimeException e) {
            // the shell builds its own reader and reports what is wrong with it
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
