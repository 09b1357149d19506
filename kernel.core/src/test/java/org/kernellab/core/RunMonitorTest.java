package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.run.RunMonitor;

/**
 * A monitored run (the console's kernel:run): cancelled, it stops at its next event, says where,
 * and leaves a machine the next run goes on with; it reports progress every
 * {@link Kernel#PROGRESS_EVENTS} events.
 */
class RunMonitorTest {
    private static final long HOUR = 3_600_000_000_000L;

    private static void busy(Kernel k) {
        k.spawn(TaskSpec.process("spin"), kk -> {
            for (;;) kk.compute(100_000);
        });
    }

    @Test
    void run_cancelledAfterSomeEvents_stopsThere_andTheNextRunGoesOn() {
        for (String tasks : List.of("continuation", "thread")) {
            try (StandaloneMachine m = new StandaloneMachine(2, 1000, 1, org.kernellab.api.ViolationPolicy.WARN,
                    org.kernellab.api.PreemptModel.FULL, org.kernellab.api.PreemptLayout.LINUX_6, tasks).withPeriodicTick()) {
                Kernel k = m.kernel();
                busy(k);
                List<Long> progress = new ArrayList<>();
                RunResultDTO r = k.run(100_000 * 1_000_000_000L, false, new RunMonitor() {
                    @Override public void progress(long nowNs, long events) { progress.add(events); }
                    @Override public boolean cancelled() { return progress.size() >= 3; }
                });
                assertEquals("interrupt", r.stoppedBy, tasks);
                assertTrue(r.endNs > 0 && r.endNs < 100_000 * 1_000_000_000L, tasks + ": stopped at " + r.endNs);
                assertEquals(r.endNs, k.now(), tasks + ": the machine stands where the run says it stopped");
                // progress came every PROGRESS_EVENTS steps; the run stopped right after the third report
                assertEquals(3, progress.size(), tasks);
                assertTrue(progress.get(2) - progress.get(1) > 0 && r.events > 0, tasks + ": " + progress);
                long jiffies = k.jiffies();
                RunResultDTO next = k.run(10_000_000);
                assertEquals("time", next.stoppedBy, tasks);
                assertEquals(r.endNs + 10_000_000, next.endNs, tasks);
                assertEquals(jiffies + 10, k.jiffies(), tasks + ": the tick goes on, one per ms");
            }
        }
    }

    @Test
    void run_cancelledFromAnotherThread_stopsSoon_andTimeStopsAdvancing() throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(1).withPeriodicTick()) {
            Kernel k = m.kernel();
            busy(k);
            AtomicBoolean ctrlC = new AtomicBoolean();
            CompletableFuture<RunResultDTO> run = CompletableFuture.supplyAsync(() -> k.run(HOUR, false, new RunMonitor() {
                @Override public boolean cancelled() { return ctrlC.get(); }
            }));
            // let it run a little (wall time only decides where it stops, not what the run does)
            while (k.now() < 1_000_000_000L) Thread.onSpinWait();
            ctrlC.set(true);
            RunResultDTO r = run.get(30, TimeUnit.SECONDS);
            assertEquals("interrupt", r.stoppedBy);
            long at = k.now();
            assertEquals(r.endNs, at);
            assertTrue(at < HOUR);
            Thread.sleep(50); // nothing runs on behind the caller's back
            assertEquals(at, k.now());
        }
    }

    @Test
    void run_withAMonitorThatNeverCancels_isTheSameRunAsWithout() {
        String[] digests = new String[2];
        for (int i = 0; i < 2; i++) {
            try (StandaloneMachine m = new StandaloneMachine(2).withPeriodicTick()) {
                busy(m.kernel());
                m.tracer().start();
                RunResultDTO r = i == 0 ? m.kernel().run(50_000_000) : m.kernel().run(50_000_000, false, RunMonitor.NONE);
                assertEquals("time", r.stoppedBy);
                digests[i] = m.tracer().digest();
            }
        }
        assertEquals(digests[0], digests[1]);
    }
}
