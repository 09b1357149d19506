package org.kernellab.policy.lottery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.dto.TraceEventDTO;
import org.kernellab.api.workload.PyRandom;
import org.kernellab.policy.testkit.PolicyMachine;
import org.kernellab.sched.SchedulerService;

/** The policy on a real machine: 1 CPU, HZ 1000, the real scheduler core. */
class LotteryMachineTest {
    private static final long MS = 1_000_000L;

    private static PolicyMachine machine(long seed, Map<String, String> params) {
        return new PolicyMachine(1, 1000, seed, new LotteryProvider()).use(params).trace();
    }

    private static Task hog(PolicyMachine m, String comm, int tickets) {
        return m.hog(TaskSpec.process(comm).attr(SchedAttr.normal().withTickets(tickets)));
    }

    private static long cpuNs(Kernel k, String comm) {
        for (TaskDTO t : k.ps()) if (t.comm.equals(comm)) return t.utimeNs + t.stimeNs;
        throw new AssertionError("no task " + comm);
    }

    @Test
    void tickets100Against50_overTenSeconds_shareTheCpuTwoToOne() {
        try (PolicyMachine m = machine(1, Map.of("quantum", "1ms"))) {
            Kernel k = m.kernel();
            hog(m, "rich", 100);
            hog(m, "poor", 50);
            k.run(10_000 * MS);
            double rich = cpuNs(k, "rich");
            double poor = cpuNs(k, "poor");
            assertEquals(10_000 * MS, rich + poor, MS, "the two hogs had the CPU");
            assertEquals(2.0 / 3.0, rich / (rich + poor), 0.02, "rich's share");
        }
    }

    /** The trace digest of 200 ms of three hogs (100, 50 and 25 tickets) on a machine seeded {@code seed}. */
    private static String digest(long seed, Map<String, String> params) {
        try (PolicyMachine m = machine(seed, params)) {
            Kernel k = m.kernel();
            hog(m, "a", 100);
            hog(m, "b", 50);
            hog(m, "c", 25);
            k.run(200 * MS);
            return m.tracer().digest();
        }
    }

    @Test
    void sameSeed_sameTrace_anotherSeed_anotherTrace() {
        Map<String, String> q = Map.of("quantum", "1ms");
        assertEquals(digest(1, q), digest(1, q), "machine seed 1 twice");
        assertNotEquals(digest(1, q), digest(2, q), "machine seeds 1 and 2");
        Map<String, String> py = Map.of("quantum", "1ms", "pyseed", "7");
        assertEquals(digest(1, py), digest(2, py), "with pyseed the draws do not depend on the machine's seed");
        assertNotEquals(digest(1, py), digest(1, Map.of("quantum", "1ms", "pyseed", "8")), "pyseed 7 and 8");
    }

    @Test
    void pyseed_firstWinners_areThoseLotteryPyPicks() {
        int[] tickets = {100, 50, 25};
        try (PolicyMachine m = machine(1, Map.of("quantum", "1ms", "pyseed", "7"))) {
            Kernel k = m.kernel();
            List<Task> jobs = new ArrayList<>();
            for (int i = 0; i < tickets.length; i++) jobs.add(hog(m, "job" + i, tickets[i]));
            k.run(30 * MS);

            // lottery.py's rule, worked out with Python's generator: r = int(random() * 1000001),
            // winner = r % T, the first job whose running total of tickets exceeds it
            PyRandom py = new PyRandom(7);
            List<Integer> expected = new ArrayList<>();
            for (int q = 0; q < 30; q++) {
                long winner = (long) (py.random() * 1000001) % 175;
                int job = 0;
                for (long sum = tickets[0]; sum <= winner; sum += tickets[++job]) {}
                expected.add(job);
            }
            // python3 lottery.py -l 1000:100,1000:50,1000:25 -q 1 -s 7 -c, its first 20 "Run N"
            assertEquals(List.of(0, 2, 1, 2, 0, 1, 0, 1, 0, 2, 0, 0, 1, 2, 0, 1, 0, 0, 1, 1), expected.subList(0, 20));

            // which job held the CPU in each 1 ms quantum, from the switches
            List<Integer> ran = new ArrayList<>();
            List<TraceEventDTO> switches = m.tracer().events().stream().filter(e -> e.type.equals("sched_switch")).toList();
            for (int q = 0; q < 30; q++) {
                int pid = -1;
                for (TraceEventDTO e : switches) if (e.timeNs <= q * MS) pid = e.arg;
                ran.add(pid);
            }
            List<Integer> expectedPids = expected.stream().map(j -> jobs.get(j).pid()).toList();
            assertEquals(expectedPids, ran, "pids of jobs " + jobs.stream().map(Task::pid).toList());
        }
    }

    @Test
    void twoCpus_hogsAndSleepers_shareBothCpusWithoutEjection() {
        try (PolicyMachine m = new PolicyMachine(2, 1000, new LotteryProvider())) {
            SchedulerService svc = m.scheduler();
            svc.use("lottery", Map.of("quantum", "2ms"));
            Kernel k = m.kernel();
            for (int i = 0; i < 3; i++) hog(m, "hog" + i, 100 * (i + 1));
            for (int i = 0; i < 2; i++) {
                k.spawn(TaskSpec.process("io" + i), kk -> {
                    for (;;) {
                        kk.compute(MS);
                        kk.msleep(2);
                    }
                });
            }
            k.run(500 * MS);
            svc.use("fair", Map.of());
            k.run(50 * MS);
            svc.use("lottery", Map.of("pyseed", "5", "quantum", "1ms"));
            k.run(500 * MS);
            String log = k.dmesg().stream().map(l -> l.text).reduce("", (a, b) -> a + b + "\n");
            assertTrue(!log.contains("ejected"), log);
            for (TaskDTO t : k.ps()) {
                if (t.comm.startsWith("hog") || t.comm.startsWith("io")) {
                    assertTrue(t.utimeNs > 20 * MS, t.comm + " ran " + t.utimeNs + " ns");
                    assertEquals("lottery", t.schedClass, t.comm);
                }
            }
            assertTrue(cpuNs(k, "hog2") > cpuNs(k, "hog0"), "300 tickets against 100");
        }
    }

    @Test
    void use_badParameter_isRefusedNamingTheKey() {
        SchedulerService svc = new SchedulerService();
        svc.addProvider(new LotteryProvider());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svc.use("lottery", Map.of("pyseed", "1.5")));
        assertTrue(e.getMessage().startsWith("policy lottery: pyseed=1.5: "), e.getMessage());
    }
}
