package org.kernellab.policy.o1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.assertNotEjected;
import static org.kernellab.policy.testkit.PolicyMachine.ps;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.policy.testkit.PolicyMachine;
import org.kernellab.policy.testkit.Recorder;
import org.kernellab.sched.SchedulerService;

/** The o1 policy on a real simulated machine with the real scheduler core. */
class O1MachineTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static void hog(PolicyMachine m, String comm, int nice) {
        m.hog(TaskSpec.process(comm).nice(nice));
    }

    @Test
    void hogsByNice_runWholeTaskTimeslices_arraysSwapWhenActiveEmpties() {
        Recorder rec = new Recorder(new O1Provider());
        try (PolicyMachine m = new PolicyMachine(1, 250, rec)) { // slices are exact whatever HZ is
            m.use(Map.of());
            hog(m, "m5", -5);
            hog(m, "n0", 0);
            hog(m, "n10", 10);
            m.kernel().run(1400 * MS);
            assertNotEjected(m);
            // task_timeslice(): nice -5: (140 - 115) x 4 x 100 ms / 20 = 500 ms; nice 0: 100 ms;
            // nice 10: (140 - 130) x 100 ms / 20 = 50 ms. Dynamic prio static + 5 (no sleep):
            // best first; each expires; the arrays swap once all three have expired.
            List<Recorder.Run> runs = rec.runs.stream().filter(r -> r.lengthNs() > 0).toList();
            assertEquals(List.of("m5 0+500", "n0 500+100", "n10 600+50", "m5 650+500", "n0 1150+100", "n10 1250+50"),
                    runs.subList(0, 6).stream().map(r -> r.comm() + " " + r.startNs() / MS + "+" + r.lengthNs() / MS).toList());
            assertEquals(2, ((O1Policy) rec.policy).rq(0).arraySwitches);
        }
    }

    @Test
    void interactiveTask_sleepsMostly_getsHigherDynamicPrio_andPreemptsHogOnWakeup() {
        Recorder rec = new Recorder(new O1Provider());
        try (PolicyMachine m = new PolicyMachine(1, 1000, rec)) {
            m.use(Map.of());
            m.tracer().start();
            hog(m, "hog", 0);
            m.kernel().spawn(TaskSpec.process("ia"), k -> {
                for (;;) {
                    k.compute(MS);
                    k.msleep(50);
                }
            });
            m.kernel().run(6 * S);
            assertNotEjected(m);
            assertEquals(125, O1Policy.data(rec.tasks.get("hog")).prio, "the hog: static_prio 120 + 5");
            assertEquals(115, O1Policy.data(rec.tasks.get("ia")).prio, "ia: sleep_avg at MAX_SLEEP_AVG, 120 - 5");
            int pid = ps(m, "ia").pid;
            List<TraceEventDTO> ev = m.tracer().events().stream().filter(e -> e.timeNs >= 5 * S).toList();
            int wakeups = 0;
            for (int i = 0; i < ev.size(); i++) {
                TraceEventDTO e = ev.get(i);
                if (!e.type.equals("sched_wakeup") || e.arg != pid) continue;
                wakeups++;
                TraceEventDTO sw = ev.stream().skip(i).filter(x -> x.type.equals("sched_switch")).findFirst().orElseThrow();
                assertEquals(pid, sw.arg, "the next switch after ia's wakeup at " + e.timeNs + " is to ia");
                assertEquals(e.timeNs, sw.timeNs, "ia preempts the hog as it wakes");
            }
            assertTrue(wakeups >= 15, "wakeups in the last second: " + wakeups);
            assertTrue(ps(m, "ia").utimeNs > 100 * MS && ps(m, "hog").utimeNs > 5 * S);
        }
    }

    @Test
    void twoCpus_fourHogs_eachHalfACpu() {
        try (PolicyMachine m = new PolicyMachine(2, 1000, new O1Provider())) {
            m.use(Map.of());
            for (int i = 0; i < 4; i++) hog(m, "h" + i, 0);
            m.kernel().run(2 * S);
            assertNotEjected(m);
            for (int i = 0; i < 4; i++) assertEquals(S, ps(m, "h" + i).utimeNs, 100 * MS, "h" + i);
        }
    }

    @Test
    void use_badTimeslice_refusedNamingTheKey() {
        try (PolicyMachine m = new PolicyMachine(1, 1000, new O1Provider())) {
            SchedulerService svc = m.scheduler();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svc.use("o1", Map.of("timeslice", "100")));
            assertTrue(e.getMessage().startsWith("policy o1: timeslice=100:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("o1", Map.of("timeslice", "1ms")));
            assertTrue(e.getMessage().startsWith("policy o1: timeslice=1ms:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("o1", Map.of("min_timeslice", "1us")));
            assertTrue(e.getMessage().startsWith("policy o1: min_timeslice=1us:"), e.getMessage());
        }
    }
}
