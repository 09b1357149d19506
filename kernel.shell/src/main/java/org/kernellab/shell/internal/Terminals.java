package org.kernellab.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
     * The providers tried, in turn, unless {@code org.jline.terminal.providers} names others.
     * JLine instantiates every provider of a list before choosing, and the ffm and jni ones load
     * a native linker or library as they do (about 0.2 s, and a native-access warning on JDK
     * 24+). exec (stty) alone is enough on any POSIX system, so it is tried on its own first.
     */
    static final List<String> PROVIDER_LISTS = List.of("exec", "ffm,jni");

    private Terminals() {
    }

    /** The process's terminal, for the interactive console. */
    static Terminal system(PrintStream err) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            String configured = System.getProperty(TerminalBuilder.PROP_PROVIDERS);
            List<String> lists = configured != null ? List.of(configured) : PROVIDER_LISTS;
            List<String> failures = new ArrayList<>();
            for (String providers : lists) {
                try {
                    return TerminalBuilder.builder()
                        .name("kernellab")
                        .system(true)
                        .providers(providers)
                        .dumb(false) // fail instead of degrading silently
                        .nativeSignals(true)
                        // Ctrl-C kills a boot that hangs; gogo's shell handles INT and TSTP itself.
                        .signalHandler(Terminal.SignalHandler.SIG_DFL)
                        .build();
                } catch (IOException | IllegalStateException noProvider) {
                    failures.add(providers + ": " + noProvider.getMessage());
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
     * A dumb terminal over plain streams, for commands run from -c, a script or a pipe. Made
     * directly: the builder would probe the native providers for nothing.
     */
    static Terminal dumb(InputStream in, OutputStream out) throws IOException {
        return new DumbTerminal("kernellab", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }
}
