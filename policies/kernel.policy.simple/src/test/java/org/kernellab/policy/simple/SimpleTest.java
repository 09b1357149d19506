package org.kernellab.policy.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.policy.testkit.PolicyMachine;

/**
 * scx_simple's rules on one CPU at HZ 1000. The expected schedules were worked out from
 * scx_simple.bpf.c's ops (and checked against an independent model of them): vtime +=
 * used × 100 / weight at every stop, weight 100 for nice 0 and 33 for nice 5, the next task
 * the one with the least vtime (the earlier arrival on a tie), a sleeper's vtime raised to
 * vtime_now − slice when it queues, 20 ms slices.
 */
class SimpleTest {
    private static final long MS = 1_000_000L;

    private static PolicyMachine machine(Map<String, String> params) {
        return new PolicyMachine(1, new SimpleProvider(), params);
    }

    /** A task that sleeps until {@code startMs} (jiffies at HZ 1000), then computes {@code ms}. */
    private static Task spawn(PolicyMachine m, String comm, int nice, long startMs, long ms) {
        return m.startAt(TaskSpec.process(comm).nice(nice), startMs, ms);
    }

    /** "a 0-20, b 20-40, ...": who ran on CPU 0 from {@code fromMs} to {@code toMs}, idle and zero-length runs left out. */
    private static String schedule(PolicyMachine m, long fromMs, long toMs) {
        return m.timeline(0, fromMs, toMs);
    }

    private static long cpuNs(PolicyMachine m, Task t) {
        for (TaskDTO d : m.kernel().ps()) if (d.pid == t.pid()) return d.utimeNs + d.stimeNs;
        throw new AssertionError("no task " + t.pid());
    }

    /** Always-runnable nice 0 and nice 5 share the CPU as 100 : 33 (sched_ext's weights), within 2 points of Linux's 1024 : 335. */
    @Test
    void niceZeroAgainstNiceFive_simple_sharesTheCpuAsTheirWeights() {
        try (PolicyMachine m = machine(Map.of())) {
            Task a = spawn(m, "a", 0, 0, 20_000);
            Task b = spawn(m, "b", 5, 0, 20_000);
            m.kernel().run(10_000 * MS);
            double share = (double) cpuNs(m, a) / (cpuNs(m, a) + cpuNs(m, b));
            assertEquals(1024.0 / (1024 + 335), share, 0.02, "nice 0's share");
            assertEquals(0.752, share, 0.001, "scx_simple's own rule gives 7520 ms of 10000 to nice 0");
        }
    }

    /**
     * vtime mode, three 50 ms tasks, b at nice 5: a (vtime 20 after its slice), b (60.6), c (20),
     * then a and c, whose vtimes stay below b's, until they finish; b last.
     */
    @Test
    void vtimeMode_simple_lowerWeightWaits() {
        try (PolicyMachine m = machine(Map.of())) {
            spawn(m, "a", 0, 0, 50);
            spawn(m, "b", 5, 0, 50);
            spawn(m, "c", 0, 0, 50);
            m.kernel().runUntilIdle(1_000 * MS);
            assertEquals("a 0-20, b 20-40, c 40-60, a 60-80, c 80-100, a 100-110, c 110-120, b 120-150", schedule(m, 0, 1_000));
        }
    }

    /** fifo=true: the same tasks round-robin in 20 ms slices in arrival order, whatever their nice. */
    @Test
    void fifoMode_simple_roundRobinsInArrivalOrderWhateverTheNice() {
        try (PolicyMachine m = machine(Map.of("fifo", "true"))) {
            spawn(m, "a", 0, 0, 50);
            spawn(m, "b", 5, 0, 50);
            spawn(m, "c", 0, 0, 50);
            m.kernel().runUntilIdle(1_000 * MS);
            assertEquals("a 0-20, b 20-40, c 40-60, a 60-80, b 80-100, c 100-120, a 120-130, b 130-140, c 140-150",
                    schedule(m, 0, 1_000));
        }
    }

    /** slice=5ms: the slice ends at its exact instant, not at a tick's. */
    @Test
    void sliceParameter_simple_preemptsAtTheExactSlice() {
        try (PolicyMachine m = machine(Map.of("slice", "5ms"))) {
            spawn(m, "a", 0, 0, 10);
            spawn(m, "b", 0, 0, 10);
            m.kernel().runUntilIdle(1_000 * MS);
            assertEquals("a 0-5, b 5-10, a 10-15, b 15-20", schedule(m, 0, 1_000));
        }
    }

    /**
     * b sleeps until 501 ms while a and c share the CPU (vtime_now 240 ms then). Its vtime, 0,
     * is raised to 240 − 20 when it queues, so at the next slice end it runs its own turn plus
     * one slice of credit (520-560), not the 240 ms it slept through; then every third slice.
     */
    @Test
    void sleeper_simple_getsAtMostOneSliceOfCredit() {
        try (PolicyMachine m = machine(Map.of())) {
            spawn(m, "a", 0, 0, 2_000);
            spawn(m, "c", 0, 0, 2_000);
            spawn(m, "b", 0, 501, 1_000);
            m.kernel().run(700 * MS);
            assertEquals("a 480-500, c 500-520, b 520-560, a 560-580, c 580-600, b 600-620, a 620-640, c 640-660, "
                    + "b 660-680, a 680-700", schedule(m, 480, 700));
        }
    }

    /** In FIFO mode the sleeper just queues behind the tasks already waiting. */
    @Test
    void sleeper_simpleFifo_queuesAtTheTail() {
        try (PolicyMachine m = machine(Map.of("fifo", "true"))) {
            spawn(m, "a", 0, 0, 2_000);
            spawn(m, "c", 0, 0, 2_000);
            spawn(m, "b", 0, 501, 1_000);
            m.kernel().run(700 * MS);
            assertEquals("a 480-500, c 500-520, a 520-540, b 540-560, c 560-580, a 580-600, b 600-620, c 620-640, "
                    + "a 640-660, b 660-680, c 680-700", schedule(m, 480, 700));
        }
    }

    /**
     * A task waiting in a CPU's local queue changes nice (dequeue SAVE, enqueue RESTORE) while
     * another waits in the shared queue with the same vtime: each is taken from its own queue
     * and both run, the renice taking effect at once (b's vtime grows three times as fast).
     */
    @Test
    void queuedTaskChangesNice_simple_everyTaskStillRuns() {
        try (PolicyMachine m = machine(Map.of())) {
            Task a = spawn(m, "a", 0, 0, 40);
            spawn(m, "b", 0, 0, 40);
            m.kernel().setNice(a, 5);
            m.kernel().runUntilIdle(1_000 * MS);
            assertEquals("b 0-20, a 20-40, b 40-60, a 60-80", schedule(m, 0, 1_000));
        }
    }

    /** sched_weight_to_cgroup(): weight × 100 / 1024, rounded to the closest, clamped to 1..10000. */
    @Test
    void scxWeight_fairWeights_mapToSchedExtScale() {
        assertEquals(100, Simple.scxWeight(1024));   // nice 0
        assertEquals(33, Simple.scxWeight(335));     // nice 5
        assertEquals(80, Simple.scxWeight(820));     // nice 1: 80.08
        assertEquals(8668, Simple.scxWeight(88761)); // nice -20
        assertEquals(1, Simple.scxWeight(15));       // nice 19: 1.46
        assertEquals(1, Simple.scxWeight(3));        // SCHED_IDLE: 0.29, clamped
    }

    @Test
    void badParameters_create_refusedNamingTheKey() {
        SimpleProvider p = new SimpleProvider();
        for (Map.Entry<String, String> bad : Map.of("slice", "fast", "fifo", "perhaps").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of(bad.getKey(), bad.getValue())));
            assertTrue(e.getMessage().contains(bad.getKey() + "=" + bad.getValue()), e.getMessage());
        }
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("slice", "0ms")));
        assertTrue(zero.getMessage().contains("slice=0ms") && zero.getMessage().contains("at least"), zero.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("weight", "2")));
        assertTrue(unknown.getMessage().contains("\"weight\"") && unknown.getMessage().contains("slice, fifo"), unknown.getMessage());
    }

    @Test
    void badConfiguredDefault_activate_refusedNamingTheKey() {
        SimpleProvider.Config config = new SimpleProvider.Config() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return SimpleProvider.Config.class; }
            @Override public String slice() { return "20"; }
            @Override public boolean fifo() { return false; }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SimpleProvider(config));
        assertTrue(e.getMessage().contains("slice=20"), e.getMessage());
    }
}
