package org.kernellab.policy.stcf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.ms;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Task;
import org.kernellab.policy.testkit.PolicyMachine;

/** stcf on one CPU: the preemptive SJF of OSTEP's scheduling chapter (1 time unit = 1 ms). */
class StcfTest {

    /** a (100 ms) spawns s (20 ms) after 10 ms: s has 20 left against a's 90, so it runs at once. */
    @Test
    void shorterArrival_preemptsTheLongJob() {
        try (PolicyMachine s = new PolicyMachine(1, new StcfProvider(), Map.of())) {
            Task[] sh = new Task[1];
            Task a = s.spawn(PolicyMachine.spec("a", 100), k -> {
                k.compute(ms(10));
                sh[0] = k.spawn(PolicyMachine.spec("s", 20), kk -> kk.compute(ms(20)));
                k.compute(ms(90));
            });
            s.run();
            assertEquals(List.of("a", "s", "a"), s.switches(a, sh[0]));
            assertEquals(ms(10), s.firstRunNs(sh[0]));
            assertEquals(ms(30), s.exitNs(sh[0]));
            assertEquals(ms(120), s.exitNs(a));
        }
    }

    /**
     * a (100) is preempted at 10 by b (50); at 20 b spawns c (60), which has more left than b's
     * 40, so b keeps the CPU; then c (60 left) runs before a (90 left).
     */
    @Test
    void preemptedTask_waitsBehindLessRemainingTime() {
        try (PolicyMachine s = new PolicyMachine(1, new StcfProvider(), Map.of())) {
            Task[] t = new Task[2];
            Task a = s.spawn(PolicyMachine.spec("a", 100), k -> {
                k.compute(ms(10));
                t[0] = k.spawn(PolicyMachine.spec("b", 50), kb -> {
                    kb.compute(ms(10));
                    t[1] = kb.spawn(PolicyMachine.spec("c", 60), kc -> kc.compute(ms(60)));
                    kb.compute(ms(40));
                });
                k.compute(ms(90));
            });
            s.run();
            assertEquals(List.of("a", "b", "c", "a"), s.switches(a, t[0], t[1]));
            assertEquals(ms(60), s.exitNs(t[0]));
            assertEquals(ms(120), s.exitNs(t[1]));
            assertEquals(ms(210), s.exitNs(a));
        }
    }

    /** At 20 ms s arrives with 20 ms to go, as much as a has left: the running task keeps the CPU. */
    @Test
    void equalRemainingTime_runningTaskKeepsTheCpu() {
        try (PolicyMachine s = new PolicyMachine(1, new StcfProvider(), Map.of())) {
            Task[] sh = new Task[1];
            Task a = s.spawn(PolicyMachine.spec("a", 40), k -> {
                k.compute(ms(20));
                sh[0] = k.spawn(PolicyMachine.spec("s", 20), kk -> kk.compute(ms(20)));
                k.compute(ms(20));
            });
            s.run();
            assertEquals(List.of("a", "s"), s.switches(a, sh[0]));
            assertEquals(ms(40), s.exitNs(a));
            assertEquals(ms(60), s.exitNs(sh[0]));
        }
    }

    /** Waiting jobs of equal length run in arrival order (x before z), after the shorter y. */
    @Test
    void equalRemainingTime_waitingJobsRunInArrivalOrder() {
        try (PolicyMachine s = new PolicyMachine(1, new StcfProvider(), Map.of())) {
            Task x = s.job("x", 30), y = s.job("y", 10), z = s.job("z", 30);
            s.run();
            assertEquals(List.of("y", "x", "z"), s.switches(x, y, z));
            assertEquals(ms(10), s.exitNs(y));
            assertEquals(ms(40), s.exitNs(x));
            assertEquals(ms(70), s.exitNs(z));
        }
    }

    /** No hint counts as the longest: u waits behind h, and n, arriving while h runs, does not preempt it. */
    @Test
    void jobWithoutHint_runsLastAndPreemptsNobody() {
        try (PolicyMachine s = new PolicyMachine(1, new StcfProvider(), Map.of())) {
            Task[] n = new Task[1];
            Task u = s.spawn(PolicyMachine.spec("u", 0), k -> k.compute(ms(5)));
            Task h = s.spawn(PolicyMachine.spec("h", 30), k -> {
                k.compute(ms(10));
                n[0] = k.spawn(PolicyMachine.spec("n", 0), kk -> kk.compute(ms(10)));
                k.compute(ms(20));
            });
            s.run();
            assertEquals(List.of("h", "u", "n"), s.switches(u, h, n[0]));
            assertEquals(ms(30), s.exitNs(h));
            assertEquals(ms(35), s.exitNs(u));
            assertEquals(ms(45), s.exitNs(n[0]));
        }
    }

    /** w sleeps after 5 of its 20 ms; when it wakes with 15 left it preempts l (200 ms) at once. */
    @Test
    void wakingTaskWithLessRemainingTime_preemptsAtOnce() {
        try (PolicyMachine s = new PolicyMachine(1, new StcfProvider(), Map.of())) {
            Task w = s.spawn(PolicyMachine.spec("w", 20), k -> {
                k.compute(ms(5));
                k.msleep(10);
                k.compute(ms(15));
            });
            Task l = s.job("l", 200);
            s.run();
            assertEquals(List.of("w", "l", "w", "l"), s.switches(w, l));
            long wokeAt = s.tracer().events().stream()
                    .filter(e -> e.type.equals("sched_switch") && e.arg == w.pid())
                    .mapToLong(e -> e.timeNs).skip(1).findFirst().orElseThrow();
            long wakeup = s.tracer().events().stream()
                    .filter(e -> e.type.equals("sched_wakeup") && e.arg == w.pid())
                    .mapToLong(e -> e.timeNs).findFirst().orElseThrow();
            assertTrue(wakeup >= ms(15), "msleep(10) from 5 ms ends at 15 ms or later: " + wakeup);
            assertEquals(wakeup, wokeAt, "w runs the instant it wakes");
            assertEquals(wokeAt + ms(15), s.exitNs(w));
            assertEquals(ms(220), s.exitNs(l), "no idle time: 220 ms of work end at 220 ms");
        }
    }

    @Test
    void create_unknownKey_isRefusedWithTheKeyNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StcfProvider().create(null, Map.of("quantum", "1ms")));
        assertTrue(e.getMessage().contains("policy stcf") && e.getMessage().contains("\"quantum\""), e.getMessage());
    }

    @Test
    void create_calledTwice_returnsTwoPolicies() {
        StcfProvider p = new StcfProvider();
        assertNotSame(p.create(null, Map.of()), p.create(null, Map.of()));
    }
}
