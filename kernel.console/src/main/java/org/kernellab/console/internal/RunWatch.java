package org.kernellab.console.internal;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.kernellab.api.run.RunMonitor;

/**
 * Watches a {@code kernel:run} for the console: Ctrl-C ({@link #ctrlC()}, or an interrupt of the
 * thread that started the run) cancels it at its next step, and while it runs longer than
 * {@link #PROGRESS_EVERY_NS} of wall time a progress line is printed each interval: virtual time
 * reached, events, and the rate. The wall clock only paces these lines; it never reaches the
 * simulation, so a watched run is the same run as an unwatched one.
 */
final class RunWatch implements RunMonitor {
    /** Wall time between two progress lines. */
    static final long PROGRESS_EVERY_NS = 2_000_000_000L;

    private final Thread caller = Thread.currentThread();
    private final LongSupplier wallClock;
    private Consumer<String> out;
    private final long wallStart;
    private long lastLine;
    private long firstEvents = -1;
    private long firstNs;
    private volatile boolean ctrlC;

    /** {@code out} gets the progress lines (null: none); {@code wallClock} is System::nanoTime but in tests. */
    RunWatch(Consumer<String> out, LongSupplier wallClock) {
        this.out = out;
        this.wallClock = wallClock;
        this.wallStart = wallClock.getAsLong();
        this.lastLine = wallStart;
    }

    /** Progress lines go to {@code out} from now on (null: none); before the run starts. */
    void printTo(Consumer<String> sink) {
        this.out = sink;
    }

    /** Ctrl-C: the run stops at its next step. Any thread (the terminal's signal handler). */
    void ctrlC() {
        ctrlC = true;
    }

    @Override
    public boolean cancelled() {
        return ctrlC || caller.isInterrupted();
    }

    @Override
    public void progress(long nowNs, long events) {
        if (firstEvents < 0) {
            firstEvents = events;
            firstNs = nowNs;
        }
        if (out == null) return;
        long wall = wallClock.getAsLong();
        if (wall - lastLine < PROGRESS_EVERY_NS) return;
        lastLine = wall;
        out.accept(line(nowNs, events - firstEvents, nowNs - firstNs, wall - wallStart));
    }

    /** {@code ... 12.345678 s virtual, 1234567 events, 617283 events/s, 6.17 s virtual per second; Ctrl-C stops}. */
    static String line(long nowNs, long events, long virtualNs, long wallNs) {
        double wallS = Math.max(wallNs, 1) / 1e9;
        return String.format("... %s virtual, %d events, %d events/s, %.3g s virtual per second; Ctrl-C stops",
            Durations.seconds(nowNs), events, Math.round(events / wallS), virtualNs / 1e9 / wallS);
    }
}
