package org.kernellab.compare.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.kernellab.api.run.RunMonitor;

/** The progress line (runs done, simulated time, ETA) on a hand-driven wall clock, and cancellation through the monitors. */
class ProgressTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong wall = new AtomicLong(100 * S);

    @Test
    void line_runsDone_currentRunsSimulatedTime_andEta() {
        Progress p = new Progress("sched:compare", 4, 10 * S, Thread.currentThread(), wall::get);
        p.started(0, "fair seed 1");
        p.finished(0);
        p.started(1, "cfs seed 1");
        p.monitor(1, "cfs seed 1").progress(5 * S, 42);
        wall.addAndGet(15 * S); // 1.5 of 4 runs in 15 s: 25 s to go
        assertEquals("sched:compare: 1/4 runs done; cfs seed 1 at 5.000000 s of 10.000000 s simulated; ETA 0:25", p.line());
    }

    @Test
    void line_noStop_showsTheTimeWithoutOf_andCountsFinishedRunsOnly() {
        Progress p = new Progress("sched:run", 2, -1, Thread.currentThread(), wall::get);
        p.started(0, "fair seed 1");
        p.finished(0);
        p.started(1, "rr seed 1");
        p.started(2, "rr seed 2");
        wall.addAndGet(3600 * S);
        assertEquals("sched:run: 1/2 runs done; rr seed 1 at 0.000000 s simulated (+1 running); ETA 1:00:00", p.line());
    }

    @Test
    void maybePrint_quietForTheFirstSecond_thenOverwritesItsLine_andClears() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress("sched:compare", 2, 10 * S, Thread.currentThread(), wall::get);
        p.maybePrint(out);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "quick commands print nothing");
        wall.addAndGet(2 * S);
        p.maybePrint(out);
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(first.startsWith("\rsched:compare: 0/2 runs done"), first);
        p.maybePrint(out);
        assertEquals(first, bytes.toString(StandardCharsets.UTF_8), "at most one line per half second");
        p.clear(out);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("\r"));
    }

    @Test
    void monitor_cancelledWhenTheCommandThreadIsInterrupted_orOnCancel() throws Exception {
        Thread command = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                while (true) Thread.onSpinWait();
            }
        });
        command.setDaemon(true);
        command.start();
        Progress p = new Progress("x", 1, -1, command, wall::get);
        RunMonitor m = p.monitor(0, "fair seed 1");
        assertFalse(m.cancelled());
        command.interrupt();
        long until = System.nanoTime() + 10 * S;
        while (!m.cancelled() && System.nanoTime() < until) Thread.onSpinWait();
        assertTrue(m.cancelled());

        Progress q = new Progress("x", 1, -1, Thread.currentThread(), wall::get);
        q.cancel();
        assertTrue(q.monitor(0, "a").cancelled());
    }

    @Test
    void clock_minutesAndHours() {
        assertEquals("0:00", Progress.clock(0));
        assertEquals("1:05", Progress.clock(65 * S));
        assertEquals("2:00:01", Progress.clock(7201 * S));
    }
}
