package org.kernellab.policy.edf;

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
 * Schedules worked out by hand from SimSo's EDF rules (SCHED-MODELS.md, "Periodic real-time
 * tasks") and checked against an independent simulation of those rules. Tasks are (C, T) in ms,
 * released at 0 unless an offset is given; the deadline is the period unless given.
 */
class EdfTest {
    /**
     * T1 (2, 5) and T2 (4, 7): U = 0.97, feasible under EDF (it misses under RM). Over the
     * hyperperiod of 35 ms every job meets its deadline. At 15 T1's job (due 20) preempts T2's
     * (due 21); at 30 T1's job and T2's are both due 35, and T2's, released at 28, keeps the CPU.
     */
    @Test
    void classicSet_edf_meetsEveryDeadlineOnSimSosSchedule() {
        try (PolicyMachine s = new PolicyMachine(new EdfProvider())) {
            s.periodic("T1", 2, 5, 7);
            s.periodic("T2", 4, 7, 5);
            s.run(100);
            assertEquals(segs("T1 0-2, T2 2-6, T1 6-8, T2 8-12, T1 12-14, T2 14-15, T1 15-17, T2 17-20, "
                    + "T1 20-22, T2 22-26, T1 26-28, T2 28-32, T1 32-34"), s.schedule(0));
            long[] t1 = {2, 8, 14, 17, 22, 28, 34};
            long[] t2 = {6, 12, 20, 26, 32};
            for (int j = 0; j < t1.length; j++) {
                assertEquals(t1[j], s.doneAt("T1", j), "T1 job " + j);
                assertTrue(s.doneAt("T1", j) <= 5L * j + 5, "T1 job " + j + " meets its deadline");
            }
            for (int j = 0; j < t2.length; j++) {
                assertEquals(t2[j], s.doneAt("T2", j), "T2 job " + j);
                assertTrue(s.doneAt("T2", j) <= 7L * j + 7, "T2 job " + j + " meets its deadline");
            }
            assertTrue(!s.dmesg().contains("missed a deadline"), s.dmesg());
        }
    }

    /** B (2, 20, D 8, offset 2) is due at 10 like A (3, 10), which was released earlier: A keeps the CPU although B has the lower pid. */
    @Test
    void equalDeadlines_edf_earlierReleaseRunsFirst() {
        try (PolicyMachine s = new PolicyMachine(new EdfProvider())) {
            s.periodic("B", 2, 20, 8, 2, 1);
            s.periodic("A", 3, 10, 10, 0, 1);
            s.run(100);
            assertEquals(segs("A 0-3, B 3-5"), s.schedule(0));
        }
    }

    /** Two jobs released together with the same deadline: the lower pid (the task spawned first) runs first, every period. */
    @Test
    void equalDeadlinesAndReleases_edf_lowerPidRunsFirst() {
        try (PolicyMachine s = new PolicyMachine(new EdfProvider())) {
            Task b = s.periodic("b", 2, 5, 3);
            Task a = s.periodic("a", 2, 5, 3);
            assertTrue(b.pid() < a.pid());
            s.run(100);
            assertEquals(segs("b 0-2, a 2-4, b 5-7, a 7-9, b 10-12, a 12-14"), s.schedule(0));
        }
    }

    /**
     * T1 (2, 4) and T2 (5, 8): U = 1.125. At 4 T1's second job is due at 8, as T2's first is;
     * T2's was released earlier and keeps the CPU, so T1's job is the one that misses: at 8 it
     * has run 1 ms of its 2, and it ends at 9, which the policy logs.
     */
    @Test
    void overload_edf_tieRuleDecidesWhichJobMisses() {
        try (PolicyMachine s = new PolicyMachine(new EdfProvider())) {
            Task t1 = s.periodic("T1", 2, 4, 2);
            s.periodic("T2", 5, 8, 1);
            s.run(100);
            assertEquals(segs("T1 0-2, T2 2-7, T1 7-9"), s.schedule(0));
            assertEquals(7, s.doneAt("T2", 0));
            assertEquals(3, s.ranBefore(0, "T1", 8), "by T1's second deadline it has run 2 + 1 of 2 + 2 ms");
            assertEquals(9, s.doneAt("T1", 1), "the job ends after its deadline 8");
            assertTrue(s.dmesg().contains("T1[" + t1.pid() + "] missed a deadline: job released at 4.000 ms, due 8.000 ms, "
                    + "finished at 9.000 ms"), s.dmesg());
        }
    }

    /** Tasks with no deadline, spawned first, run only when no periodic job waits, in FIFO order; a release preempts them. */
    @Test
    void tasksWithoutDeadline_edf_runAfterPeriodicJobsInFifoOrder() {
        try (PolicyMachine s = new PolicyMachine(new EdfProvider())) {
            s.background("bg1", 4);
            s.background("bg2", 2);
            s.periodic("T1", 2, 5, 3);
            s.run(100);
            assertEquals(segs("T1 0-2, bg1 2-5, T1 5-7, bg1 7-8, bg2 8-10, T1 10-12"), s.schedule(0));
        }
    }

    /**
     * Global EDF on two CPUs. C (1, 10) and A (30, 100) start at 0, one per CPU; C's CPU is
     * idle from 1 until B (30, 50) is released there at 2. At 10 C's next job, due 20, goes to
     * A's CPU (A is due 100, B 52), not to its previous CPU, which B holds.
     */
    @Test
    void twoCpus_edf_releasedJobPreemptsTheLatestDeadline() {
        try (PolicyMachine s = new PolicyMachine(2, new EdfProvider(), Map.of())) {
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
     * Two jobs released by the same tick on two busy CPUs: C (5, 20) and D (5, 20), released at
     * 10, preempt both A (due 100) and B (due 50), one each: the second placement counts the first.
     */
    @Test
    void twoCpus_edf_jobsReleasedTogetherTakeBothCpus() {
        try (PolicyMachine s = new PolicyMachine(2, new EdfProvider(), Map.of())) {
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
        EdfProvider p = new EdfProvider();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("log", "maybe")));
        assertTrue(bad.getMessage().contains("log=maybe"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.create(null, Map.of("quantum", "10ms")));
        assertTrue(unknown.getMessage().contains("\"quantum\"") && unknown.getMessage().contains("log"), unknown.getMessage());
    }

    @Test
    void provider_describesItself_nameAndParameters() {
        EdfProvider p = new EdfProvider();
        assertEquals("edf", p.name());
        assertEquals(List.of("log"), p.parameters());
    }
}
