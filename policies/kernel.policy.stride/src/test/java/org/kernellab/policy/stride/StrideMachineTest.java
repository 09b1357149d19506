package org.kernellab.policy.stride;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.sched.SchedulerService;

/** The stride policy on a real simulated machine with the real scheduler core. */
class StrideMachineTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static StandaloneMachine machine(SchedulerService svc, int cpus, int hz) {
        StandaloneMachine m = new StandaloneMachine(cpus, hz, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6);
        m.schedulerFactory(svc);
        m.withPeriodicTick();
        return m;
    }

    private static TaskDTO ps(StandaloneMachine m, String comm) {
        for (TaskDTO t : m.kernel().ps()) if (t.comm.equals(comm)) return t;
        throw new AssertionError("no task " + comm);
    }

    private static void assertNotEjected(StandaloneMachine m) {
        for (LogLineDTO l : m.kernel().dmesg()) assertFalse(l.text.contains("disabled ("), l.text);
    }

    private static void hog(StandaloneMachine m, String comm, int tickets) {
        m.kernel().spawn(TaskSpec.process(comm).attr(SchedAttr.normal().withTickets(tickets)), k -> {
            for (;;) k.compute(MS);
        });
    }

    /** Runs two hogs with 300 and 100 tickets for 10 s; returns their CPU times and the trace digest. */
    private static Object[] run300to100() {
        SchedulerService svc = new SchedulerService();
        svc.addProvider(new StrideProvider());
        try (StandaloneMachine m = machine(svc, 1, 1000)) {
            svc.use("stride", Map.of());
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
        SchedulerService svc = new SchedulerService();
        Recorder rec = new Recorder(new StrideProvider());
        svc.addProvider(rec);
        try (StandaloneMachine m = machine(svc, 1, 100)) { // HZ 100: the quantum is not a tick multiple
            svc.use("stride", Map.of("quantum", "3ms"));
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
        SchedulerService svc = new SchedulerService();
        svc.addProvider(new StrideProvider());
        try (StandaloneMachine m = machine(svc, 2, 1000)) {
            svc.use("stride", Map.of());
            for (int i = 0; i < 4; i++) hog(m, "h" + i, 100);
            m.kernel().run(2 * S);
            assertNotEjected(m);
            for (int i = 0; i < 4; i++) assertEquals(S, ps(m, "h" + i).utimeNs, 20 * MS, "h" + i);
        }
    }

    @Test
    void use_badQuantum_refusedNamingTheKey() {
        SchedulerService svc = new SchedulerService();
        svc.addProvider(new StrideProvider());
        try (StandaloneMachine m = machine(svc, 1, 1000)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svc.use("stride", Map.of("quantum", "0ms")));
            assertTrue(e.getMessage().startsWith("policy stride: quantum=0ms:"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> svc.use("stride", Map.of("quantum", "ten")));
            assertTrue(e.getMessage().startsWith("policy stride: quantum=ten:"), e.getMessage());
        }
    }
}
