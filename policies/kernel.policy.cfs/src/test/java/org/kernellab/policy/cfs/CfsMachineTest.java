package org.kernellab.policy.cfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.assertNotEjected;
import static org.kernellab.policy.testkit.PolicyMachine.ps;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.policy.testkit.PolicyMachine;
import org.kernellab.policy.testkit.Recorder;
import org.kernellab.sched.SchedulerService;

/** The cfs policy on a real simulated machine with the real scheduler core. */
class CfsMachineTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static Task hog(PolicyMachine m, String comm, int nice) {
        return m.hog(TaskSpec.process(comm).nice(nice));
    }

    @Test
    void nice0VsNice5_tenSecondsOneCpuHz1000_shareCpu1024to335WithinHalfAPoint() {
        try (PolicyMachine m = new PolicyMachine(1, 1000, new CfsProvider())) {
            m.use(Map.of());
            hog(m, "n0", 0);
            hog(m, "n5", 5);
            m.kernel().run(10 * S);
            long a = ps(m, "n0").utimeNs;
            long b = ps(m, "n5").utimeNs;
            assertEquals(10 * S, a + b, 2 * MS, "the two hogs had the CPU");
            double share = 100.0 * a / (a + b);
            assertEquals(100.0 * 1024 / (1024 + 335), share, 0.5, "nice 0's share, %");
            assertEquals("cfs", ps(m, "n5").schedClass);
            assertNotEjected(m);
        }
    }

    /** A hog runs; a sleeper is woken from outside at 101.5 ms; returns when the sleeper got the CPU. */
    private static long[] wakeAndSwitch(Map<String, String> params) {
        try (PolicyMachine m = new PolicyMachine(1, 250, new CfsProvider())) { // ticks every 4 ms
            m.use(params);
            m.tracer().start();
            hog(m, "hog", 0);
            Task s = m.kernel().spawn(TaskSpec.process("sleeper"), k -> {
                k.setCurrentState(TaskState.INTERRUPTIBLE);
                k.schedule();
                k.compute(MS);
            });
            m.kernel().run(101_500 * US);
            m.kernel().wakeUpProcess(s);
            m.kernel().run(50 * MS);
            assertNotEjected(m);
            List<TraceEventDTO> ev = m.tracer().events();
            long woke = ev.stream().filter(e -> e.type.equals("sched_wakeup") && e.arg == s.pid())
                    .mapToLong(e -> e.timeNs).findFirst().orElseThrow();
            long ran = ev.stream().filter(e -> e.type.equals("sched_switch") && e.arg == s.pid() && e.timeNs >= woke)
                    .mapToLong(e -> e.timeNs).findFirst().orElseThrow();
            return new long[] {woke, ran};
        }
    }

    @Test
    void wakingTask_preemptsOnlyBeyondWakeupGranularity() {
        // The sleeper is placed at min_vruntime - latency/2: 3 ms of vruntime ahead of the hog.
        // (the wakeup from outside is stamped with the CPU's clock, which may lag the machine's
        // by the hog's unaccounted part of a 1 ms compute; the ticks are every 4 ms)
        long[] gran1 = wakeAndSwitch(Map.of());
        long nextTick = (gran1[0] / (4 * MS) + 1) * 4 * MS;
        assertEquals(104 * MS, nextTick);
        assertTrue(gran1[1] < nextTick, "3 ms ahead > wakeup_granularity 1 ms: it preempts at once, at " + gran1[1]);
        long[] gran4 = wakeAndSwitch(Map.of("wakeup_granularity", "4ms"));
        assertEquals(gran1[0], gran4[0]);
        assertEquals(nextTick, gran4[1], "3 ms ahead < 4 ms: no wakeup preemption; the next tick preempts the hog");
    }

    @Test
    void slices_atHz10000_followSchedSlice() {
        Recorder rec = new Recorder(new CfsProvider());
        try (PolicyMachine m = new PolicyMachine(1, 10_000, rec)) {
            m.use(Map.of());
            hog(m, "n0", 0);
            hog(m, "n5", 5);
            m.kernel().run(S);
            assertNotEjected(m);
            // sched_slice: 6 ms x 1024/1359 = 4.521 ms and 6 ms x 335/1359 = 1.479 ms; the 0.1 ms
            // tick preempts at the first tick beyond; a run can end earlier only by the vruntime
            // test, and never before min_granularity
            List<Recorder.Run> runs = rec.runs.stream().filter(r -> r.startNs() >= S / 2 && r.comm().startsWith("n")).toList();
            int full = 0;
            for (Recorder.Run r : runs) {
                long slice = r.comm().equals("n0") ? 4600 * US : 1500 * US;
                assertTrue(r.lengthNs() <= slice, r + " longer than its slice");
                assertTrue(r.lengthNs() >= 800 * US, r + " shorter than min_granularity");
                if (r.lengthNs() == slice) full++;
            }
            assertTrue(runs.size() > 50 && full >= runs.size() * 9 / 10, full + " of " + runs.size() + " runs are whole slices");
        }
    }

    @Test
    void twoCpus_fourHogs_twoPerCpuEachHalfACpu() {
        try (PolicyMachine m = new PolicyMachine(2, 1000, new CfsProvider())) {
            m.use(Map.of());
            for (int i = 0; i < 4; i++) hog(m, "h" + i, 0);
            m.kernel().run(2 * S);
            assertNotEjected(m);
            for (int i = 0; i < 4; i++) assertEquals(S, ps(m, "h" + i).utimeNs, 20 * MS, "h" + i);
        }
    }

    @Test
    void use_badParameters_refusedNamingTheKey() {
        try (PolicyMachine m = new PolicyMachine(1, 1000, new CfsProvider())) {
            SchedulerService svc = m.scheduler();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svc.use("cfs", Map.of("latency", "fast")));
            assertTrue(e.getMessage().startsWith("policy cfs: latency=fast:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("cfs", Map.of("min_granularity", "10us")));
            assertTrue(e.getMessage().startsWith("policy cfs: min_granularity=10us:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("cfs", Map.of("wakeup_granularity", "5s")));
            assertTrue(e.getMessage().startsWith("policy cfs: wakeup_granularity=5s:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("cfs", Map.of("nr_latency", "8")));
            assertTrue(e.getMessage().contains("unknown parameter \"nr_latency\""), e.getMessage());
        }
    }
}
