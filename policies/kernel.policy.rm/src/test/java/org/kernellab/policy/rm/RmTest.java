package org.kernellab.policy.rm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.segs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.policy.testkit.PolicyMachine;

/**
 * Schedules worked out by hand from SimSo's RM rules (SCHED-MODELS.md, "Periodic real-time
 * tasks") and checked against an independent simulation of those rules. Tasks are (C, T) in ms,
 * released at 0; the deadline is the period.
 */
class RmTest {
    /**
     * T1 (2, 5) and T2 (4, 7), U = 0.97, above the Liu and Layland bound for two tasks (0.83).
     * T2 is spawned first, so it has the lower pid, but T1's shorter period wins. By hand: T1
     * 0-2, T2 2-5, T1's second job preempts it at 5 and runs 5-7; at 7, T2's first deadline, T2
     * has run 3 ms of its 4: the first miss is at 7. The job ends at 8, which the policy logs.
     */
    @Test
    void classicSet_rm_firstMissAtSevenWithWorkLeft() {
        try (PolicyMachine s = new PolicyMachine(new RmProvider())) {
            Task t2 = s.periodic("T2", 4, 7, 1);
            Task t1 = s.periodic("T1", 2, 5, 2);
            assertTrue(t2.pid() < t1.pid());
            s.run(100);
            assertEquals(segs("T1 0-2, T2 2-5, T1 5-7, T2 7-8"), s.schedule(0));
            assertEquals(3, s.ranBefore(0, "T2", 7), "T2 has 1 ms of work left at its deadline 7");
            assertEquals(8, s.doneAt("T2", 0));
            assertTrue(s.doneAt("T2", 0) > 7);
            assertTrue(s.dmesg().contains("T2[" + t2.pid() + "] missed a deadline: job released at 0.000 ms, due 7.000 ms, "
                    + "finished at 8.000 ms"), s.dmesg());
        }
    }

    /** The same set over the hyperperiod, T2's late jobs running on (SimSo's continue): SimSo's schedule to the ms. */
    @Test
    void classicSet_rm_followsSimSoOverTheHyperperiod() {
        try (PolicyMachine s = new PolicyMachine(new RmProvider())) {
            s.periodic("T1", 2, 5, 7);
            s.periodic("T2", 4, 7, 5);
            s.run(100);
            assertEquals(segs("T1 0-2, T2 2-5, T1 5-7, T2 7-10, T1 10-12, T2 12-15, T1 15-17, T2 17-20, "
                    + "T1 20-22, T2 22-25, T1 25-27, T2 27-30, T1 30-32, T2 32-34"), s.schedule(0));
            long[] t2 = {8, 14, 20, 28, 34};
            for (int j = 0; j < t2.length; j++) assertEquals(t2[j], s.doneAt("T2", j), "T2 job " + j);
        }
    }

    /**
     * T3 (1, 8), T2 (2, 6), T1 (1, 4), spawned in that order: U = 0.71, within the bound for
     * three tasks (0.78), so every job meets its deadline; the priorities follow the periods,
     * not the pids.
     */
    @Test
    void feasibleSet_rm_priorityByPeriodNotPid() {
        try (PolicyMachine s = new PolicyMachine(new RmProvider())) {
            s.periodic("T3", 1, 8, 3);
            s.periodic("T2", 2, 6, 4);
            s.periodic("T1", 1, 4, 6);
            s.run(100);
            assertEquals(segs("T1 0-1, T2 1-3, T3 3-4, T1 4-5, T2 6-8, T1 8-9, T3 9-10, T1 12-13, T2 13-15, "
                    + "T1 16-17, T3 17-18, T2 18-20, T1 20-21"), s.schedule(0));
            for (int j = 0; j < 6; j++) assertTrue(s.doneAt("T1", j) <= 4L * j + 4, "T1 job " + j);
            for (int j = 0; j < 4; j++) assertTrue(s.doneAt("T2", j) <= 6L * j + 6, "T2 job " + j);
            for (int j = 0; j < 3; j++) assertTrue(s.doneAt("T3", j) <= 8L * j + 8, "T3 job " + j);
        }
    }

    @Test
    void equalPeriods_rm_lowerPidRunsFirst() {
        try (PolicyMachine s = new PolicyMachine(new RmProvider())) {
            s.periodic("b", 2, 5, 3);
            s.periodic("a", 2, 5, 3);
            s.run(100);
            assertEquals(segs("b 0-2, a 2-4, b 5-7, a 7-9, b 10-12, a 12-14"), s.schedule(0));
        }
    }

    /** Tasks with no period, spawned first, run only when no periodic task waits, in FIFO order; a release preempts them. */
    @Test
    void tasksWithoutPeriod_rm_runLastInFifoOrder() {
        try (PolicyMachine s = new PolicyMachine(new RmProvider())) {
            s.background("bg1", 4);
            s.background("bg2", 2);
            s.periodic("T1", 2, 5, 3);
            s.run(100);
            assertEquals(segs("T1 0-2, bg1 2-5, T1 5-7, bg1 7-8, bg2 8-10, T1 10-12"), s.schedule(0));
        }
    }

    /**
     * Global RM on two CPUs. C (1, 10) and A (30, 100) start at 0, one per CPU; C's CPU is
     * idle from 1 until B (30, 50) is released there at 2. At 10 C's next job goes to A's CPU
     * (the longest period), not to its previous CPU, which B holds.
     */
    @Test
    void twoCpus_rm_releasedTaskPreemptsTheLowestPriority() {
        try (PolicyMachine s = new PolicyMachine(2, new RmProvider(), Map.of())) {
            s.periodic("C", 1, 10, 2);
            s.periodic("A", 30, 100, 1);
            s.periodic("B", 30, 50, 50, 2, 1);
            s.run(200);
            List<PolicyMachine.Seg> cpu0 = s.schedule(0), cpu1 = s.schedule(1);
            List<PolicyMachine.Seg> firstC = cpu0.get(0).comm().equals("C") ? cpu0 : cpu1;
            List<PolicyMachine.Seg> firstA = firstC == cpu0 ? cpu1 : cpu0;
            assertEquals(segs("C 0-1, B 2-32"), firstC);
            assertEquals(segs("A 0-10, C 10-11, A 11-31"), firstA);
        }
    }

    /**
     * Two tasks released by the same tick on two busy CPUs: C (5, 20) and D (5, 20), released
     * at 10, preempt both A (period 100) and B (period 50), one each: the second placement counts the first.
     */
    @Test
    void twoCpus_rm_jobsReleasedTogetherTakeBothCpus() {
        try (PolicyMachine s = new PolicyMachine(2, new RmProvider(), Map.of())) {
            s.periodic("A", 30, 100, 1);
            s.periodic("B", 30, 50, 1);
            s.periodic("C", 5, 20, 20, 10, 1);
            s.periodic("D", 5, 20, 20, 10, 1);
            s.run(200);
            List<PolicyMachine.Seg> cpu0 = s.schedule(0), cpu1 = s.schedule(1);
            List<PolicyMachine.Seg> withA = cpu0.get(0).comm().equals("A") ? cpu0 : cpu1;
            List<PolicyMachine.Seg> withB = withA == cpu0 ? cpu1 : cpu0;
            assertEquals(List.of("C", "D"), java.util.stream.Stream.of(withA.get(1).comm(), withB.get(1).comm()).sorted().toList());
            assertEquals(segs("A 0-10, " + withA.get(1).comm() + " 10-15, A 15-35"), withA);
            assertEquals(segs("B 0-10, " + withB.get(1).comm() + " 10-15, B 15-35"), withB);
        }
    }

    @Test
    void badParameter_create_refusedNamingTheKey() {
        RmProvider p = new RmProvider();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("log", "maybe")));
        assertTrue(bad.getMessage().contains("log=maybe"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("period", "5ms")));
        assertTrue(unknown.getMessage().contains("\"period\"") && unknown.getMessage().contains("log"), unknown.getMessage());
    }
}
