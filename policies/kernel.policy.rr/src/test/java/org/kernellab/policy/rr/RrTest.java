package org.kernellab.policy.rr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.ms;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.policy.testkit.PolicyMachine;

/** rr on one CPU against OSTEP's {@code scheduler.py -p RR} (1 time unit = 1 ms). */
class RrTest {

    private static Task[] jobs(PolicyMachine s, long... lengthsMs) {
        Task[] t = new Task[lengthsMs.length];
        for (int i = 0; i < t.length; i++) t[i] = s.job("job" + i, lengthsMs[i]);
        return t;
    }

    /**
     * {@code scheduler.py -p RR -q 1 -l 3,5,2 -c}: runs 0 1 2 0 1 2 0 1 1 1; job 2 done at 6,
     * job 0 at 7, job 1 at 10 (each finishes in a slice of exactly q); response 0, 1, 2; wait 4, 5, 4.
     */
    @Test
    void quantum1ms_jobs3_5_2_interleaveAsOstep() {
        try (PolicyMachine s = new PolicyMachine(1, new RrProvider(), Map.of("quantum", "1ms"))) {
            Task[] j = jobs(s, 3, 5, 2);
            s.run();
            assertEquals(List.of("job0", "job1", "job2", "job0", "job1", "job2", "job0", "job1"), s.switches(j));
            long[] len = {3, 5, 2}, response = {0, 1, 2}, turnaround = {7, 10, 6}, wait = {4, 5, 4};
            for (int i = 0; i < j.length; i++) {
                assertEquals(ms(response[i]), s.firstRunNs(j[i]), "response of job " + i);
                assertEquals(ms(turnaround[i]), s.exitNs(j[i]), "turnaround of job " + i);
                assertEquals(ms(wait[i]), s.exitNs(j[i]) - ms(len[i]), "wait of job " + i);
            }
        }
    }

    /**
     * {@code scheduler.py -p RR -q 2 -l 7,3,3,9 -c}: jobs 1 and 2 finish with 1 left in their
     * second slice (at 11 and 12) and the next starts at once; 0 done at 19, 3 at 22. No job
     * ever has exactly q left.
     */
    @Test
    void quantum2ms_jobs7_3_3_9_asOstep() {
        try (PolicyMachine s = new PolicyMachine(1, new RrProvider(), Map.of("quantum", "2ms"))) {
            Task[] j = jobs(s, 7, 3, 3, 9);
            s.run();
            assertEquals(List.of("job0", "job1", "job2", "job3", "job0", "job1", "job2", "job3", "job0", "job3", "job0", "job3"),
                    s.switches(j));
            long[] len = {7, 3, 3, 9}, response = {0, 2, 4, 6}, turnaround = {19, 11, 12, 22}, wait = {12, 8, 9, 13};
            for (int i = 0; i < j.length; i++) {
                assertEquals(ms(response[i]), s.firstRunNs(j[i]), "response of job " + i);
                assertEquals(ms(turnaround[i]), s.exitNs(j[i]), "turnaround of job " + i);
                assertEquals(ms(wait[i]), s.exitNs(j[i]) - ms(len[i]), "wait of job " + i);
            }
        }
    }

    /**
     * {@code scheduler.py -p RR -q 2 -l 8,3,3,9 -c}: as 7,3,3,9, but job 0 finishes in a slice of
     * exactly q (at 20) and job 3 runs on to 23.
     */
    @Test
    void quantum2ms_jobs8_3_3_9_asOstep() {
        try (PolicyMachine s = new PolicyMachine(1, new RrProvider(), Map.of("quantum", "2ms"))) {
            Task[] j = jobs(s, 8, 3, 3, 9);
            s.run();
            assertEquals(List.of("job0", "job1", "job2", "job3", "job0", "job1", "job2", "job3", "job0", "job3", "job0", "job3"),
                    s.switches(j));
            long[] response = {0, 2, 4, 6}, turnaround = {20, 11, 12, 23};
            for (int i = 0; i < j.length; i++) {
                assertEquals(ms(response[i]), s.firstRunNs(j[i]), "response of job " + i);
                assertEquals(ms(turnaround[i]), s.exitNs(j[i]), "turnaround of job " + i);
            }
        }
    }

    /** The default quantum is 10 ms: {@code scheduler.py -p RR -q 10 -l 25,15,5 -c} ends jobs at 45, 40, 25. */
    @Test
    void defaultQuantum10ms_jobs25_15_5_asOstep() {
        try (PolicyMachine s = new PolicyMachine(1, new RrProvider(), Map.of())) {
            Task[] j = jobs(s, 25, 15, 5);
            s.run();
            assertEquals(List.of("job0", "job1", "job2", "job0", "job1", "job0"), s.switches(j));
            assertEquals(ms(45), s.exitNs(j[0]));
            assertEquals(ms(40), s.exitNs(j[1]));
            assertEquals(ms(25), s.exitNs(j[2]));
        }
    }

    /** The quantum is an exact hrtick, not a tick count: 1500us slices at HZ 1000 end at 1.5 ms and 3 ms. */
    @Test
    void quantumOffTheTickGrid_endsSlicesAtItsExactInstant() {
        try (PolicyMachine s = new PolicyMachine(1, new RrProvider(), Map.of("quantum", "1500us"))) {
            Task[] j = jobs(s, 2, 2);
            s.run();
            assertEquals(List.of("job0", "job1", "job0", "job1"), s.switches(j));
            assertEquals(1_500_000L, s.firstRunNs(j[1]));
            assertEquals(3_500_000L, s.exitNs(j[0]));
            assertEquals(4_000_000L, s.exitNs(j[1]));
        }
    }

    /** a sleeps 3 ms into its slice: b starts at once; a wakes while b runs and goes behind c. */
    @Test
    void taskSleepingInsideItsSlice_nextStartsAtOnce_andTheWakerGoesToTheTail() {
        try (PolicyMachine s = new PolicyMachine(1, new RrProvider(), Map.of("quantum", "10ms"))) {
            Task a = s.spawn(PolicyMachine.spec("a", 0), k -> {
                k.compute(ms(3));
                k.msleep(1);
                k.compute(ms(3));
            });
            Task b = s.job("b", 15), c = s.job("c", 15);
            s.run();
            assertEquals(List.of("a", "b", "c", "a", "b", "c"), s.switches(a, b, c));
            assertEquals(ms(3), s.firstRunNs(b));
            assertEquals(ms(13), s.firstRunNs(c));
            assertEquals(ms(26), s.exitNs(a));
            assertEquals(ms(31), s.exitNs(b));
            assertEquals(ms(36), s.exitNs(c));
        }
    }

    /** Two CPUs share the one queue: both run jobs, and 4 jobs of 15 ms (60 ms of work) end by 30 ms. */
    @Test
    void twoCpus_bothRunJobsFromTheOneQueue() {
        try (PolicyMachine s = new PolicyMachine(2, new RrProvider(), Map.of("quantum", "10ms"))) {
            Task[] j = jobs(s, 15, 15, 15, 15);
            s.run();
            Set<Integer> cpus = new java.util.TreeSet<>();
            long last = 0;
            for (Task t : j) {
                cpus.addAll(s.cpus(t));
                last = Math.max(last, s.exitNs(t));
            }
            assertEquals(Set.of(0, 1), cpus);
            assertEquals(ms(30), last, "no CPU idles while a job waits");
        }
    }

    @Test
    void quantumWithoutUnit_isRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RrProvider().create(null, Map.of("quantum", "5")));
        assertTrue(e.getMessage().contains("policy rr") && e.getMessage().contains("quantum=5"), e.getMessage());
        assertTrue(e.getMessage().contains("unit"), e.getMessage());
    }

    @Test
    void zeroQuantum_isRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RrProvider().create(null, Map.of("quantum", "0ms")));
        assertTrue(e.getMessage().contains("quantum=0ms") && e.getMessage().contains("at least"), e.getMessage());
    }

    @Test
    void unknownKey_isRefusedNamingItAndTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RrProvider().create(null, Map.of("slice", "5ms")));
        assertTrue(e.getMessage().contains("\"slice\"") && e.getMessage().contains("quantum"), e.getMessage());
    }

    @Test
    void configuredQuantum_isTheDefault_andAParameterOverridesIt() {
        RrProvider p = new RrProvider(config("25ms"));
        assertEquals(ms(25), ((RoundRobin) p.create(null, Map.of())).quantumNs());
        assertEquals(500_000L, ((RoundRobin) p.create(null, Map.of("quantum", "500us"))).quantumNs());
        assertEquals(ms(10), ((RoundRobin) new RrProvider().create(null, null)).quantumNs(), "the built-in default");
    }

    @Test
    void configuredQuantumWithoutUnit_isRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RrProvider(config("10")));
        assertTrue(e.getMessage().contains("quantum=10"), e.getMessage());
    }

    @Test
    void create_calledTwice_returnsTwoPolicies() {
        RrProvider p = new RrProvider();
        assertNotSame(p.create(null, Map.of()), p.create(null, Map.of()));
    }

    private static RrProvider.Config config(String quantum) {
        return new RrProvider.Config() {
            @Override public String quantum() { return quantum; }
            @Override public Class<? extends Annotation> annotationType() { return RrProvider.Config.class; }
        };
    }
}
