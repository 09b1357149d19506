package org.kernellab.policy.stride;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.assertNotEjected;
import static org.kernellab.policy.testkit.PolicyMachine.ps;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;
import org.kernellab.policy.testkit.PolicyMachine;
import org.kernellab.policy.testkit.Recorder;
import org.kernellab.sched.SchedulerService;

/** The stride policy on a real simulated machine with the real scheduler core. */
class StrideMachineTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static void hog(PolicyMachine m, String comm, int tickets) {
        m.hog(TaskSpec.process(comm).attr(SchedAttr.normal().withTickets(tickets)));
    }

    /** Runs two hogs with 300 and 100 tickets for 10 s; returns their CPU times and the trace digest. */
    private static Object[] run300to100() {
        try (PolicyMachine m = new PolicyMachine(1, 1000, new StrideProvider())) {
            m.use(Map.of());
            hog(m, "t300", 300);
            hog(m, "t100", 100);
            m.kernel().run(10 * S);
            assertNotEjected(m);
            assertEquals("stride", ps(m, "t300").schedClass);
            return new Object[] {ps(m, "t300").utimeNs, ps(m, "t100").utimeNs, m.tracer().digest()};
        }
    }

    @Test
    void tickets300to100_tenSeconds_shareThreeToOneWithinOnePointDeterministically() {
        Object[] first = run300to100();
        long a = (Long) first[0];
        long b = (Long) first[1];
        assertEquals(10 * S, a + b, 2 * MS);
        assertEquals(75.0, 100.0 * a / (a + b), 1.0, "t300's share, %");
        Object[] again = run300to100();
        assertEquals(List.of(first), List.of(again), "the same run twice: the same times and trace");
    }

    @Test
    void quantum_param_eachRunIsExactlyOneQuantum() {
        Recorder rec = new Recorder(new StrideProvider());
        try (PolicyMachine m = new PolicyMachine(1, 100, rec)) { // HZ 100: the quantum is not a tick multiple
            m.use(Map.of("quantum", "3ms"));
            hog(m, "a", 100);
            hog(m, "b", 100);
            m.kernel().run(S);
            assertNotEjected(m);
            List<Recorder.Run> runs = rec.runs.stream().filter(r -> r.comm().equals("a") || r.comm().equals("b")).toList();
            assertTrue(runs.size() > 300, "runs: " + runs.size());
            for (Recorder.Run r : runs.subList(0, runs.size() - 1)) assertEquals(3 * MS, r.lengthNs(), r.toString());
            assertEquals(S / 2, ps(m, "a").utimeNs, 3 * MS);
        }
    }

    @Test
    void twoCpus_fourHogs_ticketsShareWithinEachCpu() {
        try (PolicyMachine m = new PolicyMachine(2, 1000, new StrideProvider())) {
            m.use(Map.of());
            for (int i = 0; i < 4; i++) hog(m, "h" + i, 100);
            m.kernel().run(2 * S);
            assertNotEjected(m);
            for (int i = 0; i < 4; i++) assertEquals(S, ps(m, "h" + i).utimeNs, 20 * MS, "h" + i);
        }
    }

    @Test
    void use_badQuantum_refusedNamingTheKey() {
        try (PolicyMachine m = new PolicyMachine(1, 1000, new StrideProvider())) {
            SchedulerService svc = m.scheduler();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svc.use("stride", Map.of("quantum", "0ms")));
            assertTrue(e.getMessage().startsWith("policy stride: quantum=0ms:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("stride", Map.of("quantum", "ten")));
            assertTrue(e.getMessage().startsWith("policy stride: quantum=ten:"), e.getMessage());
        }
    }
}
