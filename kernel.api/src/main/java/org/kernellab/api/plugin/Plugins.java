package org.kernellab.api.plugin;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.kernellab.api.MachineUnwind;

/**
 * KernelLab's one rule for plugins, in one place (docs/safe-points.md, "One rule for plugins"):
 * every call from a kernel bundle into plugin code goes through {@link #run} or {@link #call}.
 * Whatever the plugin throws (an exception or an error) is handed to the caller's {@code eject},
 * which reports the plugin and releases it; the kernel carries on. A {@link MachineUnwind} (a
 * reset, a shutdown or a panic unwinding simulated code) is not the plugin's failure: it passes
 * through untouched, so that nothing outlives its machine.
 *
 * <p>Stateless; callable from any context. The bodies run on the caller's thread.
 */
public final class Plugins {
    private Plugins() { }

    /** Runs {@code body}; if it throws, {@code eject} gets what it threw. Returns true when the body returned normally. */
    public static boolean run(Runnable body, Consumer<Throwable> eject) {
        try {
            body.run();
            return true;
        } catch (Throwable t) {
            eject.accept(failure(t));
            return false;
        }
    }

    /** Returns {@code body}'s value; if it throws, {@code eject} gets what it threw and its value is returned instead. */
    public static <T> T call(Supplier<T> body, Function<Throwable, T> eject) {
        try {
            return body.get();
        } catch (Throwable t) {
            return eject.apply(failure(t));
        }
    }

    /**
     * For a guarded call written out by hand on a hot path (a {@code try} with
     * {@code catch (Throwable t)}): rethrows {@code t} if it unwinds the machine, else returns it
     * as the plugin's failure.
     */
    public static Throwable failure(Throwable t) {
        if (t instanceof MachineUnwind u) throw u;
        return t;
    }

    /**
     * The plugin as a report names it: Linux prints a handler's symbol ({@code %ps}); KernelLab
     * prints its class, stable across runs (a lambda's generated suffix cut off).
     */
    public static String symbol(Object plugin) {
        String n = plugin.getClass().getName();
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(0, slash);
    }

    /**
     * The report's text: {@code <who> failed: <t>}, the frame that threw, then
     * {@code KernelLab: <consequence>} (what becomes of the plugin, and what its author must do).
     */
    public static String report(String who, Throwable t, String consequence) {
        StackTraceElement[] st = t.getStackTrace();
        return who + " failed: " + t + (st.length > 0 ? "\n  at " + st[0] : "") + "\nKernelLab: " + consequence;
    }
}
