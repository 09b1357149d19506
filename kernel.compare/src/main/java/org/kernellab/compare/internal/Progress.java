package org.kernellab.compare.internal;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.kernellab.api.run.RunMonitor;

/**
 * What a sweep has done, shared between its worker threads (which report through
 * {@link #monitor}) and the command thread (which asks {@link #line} and prints it).
 *
 * <p>Cancellation: a run's monitor says {@link RunMonitor#cancelled() cancelled} once
 * {@link #cancel()} was called or the command thread is interrupted (Gogo interrupts it on
 * Ctrl-C), so a run in progress stops at its next event.
 *
 * <p>The status line is for people: it reads the wall clock (only for the ETA and for how
 * often it is printed), never anything a run computes.
 */
final class Progress {
    /** No status line before a command has run this long: quick commands print none. */
    static final long QUIET_NS = 1_000_000_000L;
    /** At most one status line per this much wall time. */
    static final long EVERY_NS = 500_000_000L;

    private final String command;
    private final int total;
    private final long stopNs;
    private final Thread commandThread;
    private final LongSupplier wallNs;
    private final long startWallNs;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger done = new AtomicInteger();
    /** Run index to its label and simulated time, for the runs in progress. */
    private final Map<Integer, Running> running = new ConcurrentSkipListMap<>();
    private long lastPrintNs = Long.MIN_VALUE;
    private int lastWidth;

    private record Running(String label, long nowNs) {
    }

    /**
     * @param stopNs the workload's stop time, or a negative number when it has none (then the
     *        simulated time shows without "of" and the ETA counts finished runs only)
     */
    Progress(String command, int total, long stopNs, Thread commandThread, LongSupplier wallNs) {
        this.command = command;
        this.total = total;
        this.stopNs = stopNs;
        this.commandThread = commandThread;
        this.wallNs = wallNs;
        this.startWallNs = wallNs.getAsLong();
    }

    void cancel() {
        cancelled.set(true);
    }

    boolean cancelled() {
        return cancelled.get() || commandThread.isInterrupted();
    }

    String command() {
        return command;
    }

    int done() {
        return done.get();
    }

    int total() {
        return total;
    }

    /** The monitor of run number {@code index}, shown as {@code label}. */
    RunMonitor monitor(int index, String label) {
        return new RunMonitor() {
            @Override
            public void progress(long nowNs, long events) {
                running.put(index, new Running(label, nowNs));
            }

            @Override
            public boolean cancelled() {
                return Progress.this.cancelled();
            }
        };
    }

    void started(int index, String label) {
        running.put(index, new Running(label, 0));
    }

    void finished(int index) {
        running.remove(index);
        done.incrementAndGet();
    }

    /** The status: runs done of total, the first run in progress and its simulated time, the ETA. */
    String line() {
        StringBuilder b = new StringBuilder(command).append(": ").append(done.get()).append('/').append(total).append(" runs done");
        double fraction = done.get();
        Map.Entry<Integer, Running> first = null;
        for (Map.Entry<Integer, Running> e : running.entrySet()) {
            if (first == null) first = e;
            if (stopNs > 0) fraction += Math.min(1.0, (double) e.getValue().nowNs() / stopNs);
        }
        if (first != null) {
            Running r = first.getValue();
            b.append("; ").append(r.label()).append(" at ").append(Tables.seconds(r.nowNs())).append(" s");
            if (stopNs > 0) b.append(" of ").append(Tables.seconds(stopNs)).append(" s");
            b.append(" simulated");
            if (running.size() > 1) b.append(" (+").append(running.size() - 1).append(" running)");
        }
        long elapsed = wallNs.getAsLong() - startWallNs;
        if (fraction > 0 && total > 0) {
            long eta = (long) (elapsed * (total - fraction) / fraction);
            b.append("; ETA ").append(clock(eta));
        }
        return b.toString();
    }

    /** Prints the status line over the last one, when the command has run long enough and the last one is old enough. */
    void maybePrint(PrintStream out) {
        long now = wallNs.getAsLong();
        if (now - startWallNs < QUIET_NS || (lastPrintNs != Long.MIN_VALUE && now - lastPrintNs < EVERY_NS)) return;
        lastPrintNs = now;
        String l = line();
        out.print('\r' + l + " ".repeat(Math.max(0, lastWidth - l.length())));
        out.flush();
        lastWidth = l.length();
    }

    /** Wipes the status line, if one was printed. */
    void clear(PrintStream out) {
        if (lastWidth == 0) return;
        out.print('\r' + " ".repeat(lastWidth) + '\r');
        out.flush();
        lastWidth = 0;
    }

    /** {@code m:ss} or {@code h:mm:ss} of wall time. */
    static String clock(long ns) {
        long s = (ns + 500_000_000L) / 1_000_000_000L;
        if (s >= 3600) return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return String.format("%d:%02d", s / 60, s % 60);
    }
}
