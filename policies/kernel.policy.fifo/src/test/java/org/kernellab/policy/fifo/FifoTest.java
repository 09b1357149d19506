package org.kernellab.policy.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.policy.testkit.PolicyMachine.ms;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.policy.testkit.PolicyMachine;

/** fifo on one CPU against OSTEP's {@code scheduler.py -p FIFO} (1 time unit = 1 ms). */
class FifoTest {

    /** {@code scheduler.py -p FIFO -l 100,200,300 -c}: done at 100, 300, 600; response 0, 100, 300. */
    @Test
    void jobs100_200_300_completeAt100_300_600() {
        try (PolicyMachine s = new PolicyMachine(1, new FifoProvider(), Map.of())) {
            Task a = s.job("a", 100), b = s.job("b", 200), c = s.job("c", 300);
            s.run();
            assertEquals(List.of("a", "b", "c"), s.switches(a, b, c));
            assertEquals(ms(0), s.firstRunNs(a));
            assertEquals(ms(100), s.firstRunNs(b));
            assertEquals(ms(300), s.firstRunNs(c));
            assertEquals(ms(100), s.exitNs(a));
            assertEquals(ms(300), s.exitNs(b));
            assertEquals(ms(600), s.exitNs(c));
        }
    }

    /** a sleeps after 10 ms and wakes while b runs: b is not preempted, and a waits behind c. */
    @Test
    void sleeperThatWakes_goesToTheTail_andPreemptsNobody() {
        try (PolicyMachine s = new PolicyMachine(1, new FifoProvider(), Map.of())) {
            Task a = s.spawn(PolicyMachine.spec("a", 0), k -> {
                k.compute(ms(10));
                k.msleep(1);
                k.compute(ms(10));
            });
            Task b = s.job("b", 30), c = s.job("c", 30);
            s.run();
            assertEquals(List.of("a", "b", "c", "a"), s.switches(a, b, c));
            assertEquals(ms(40), s.exitNs(b));
            assertEquals(ms(70), s.exitNs(c));
            assertEquals(ms(80), s.exitNs(a));
        }
    }

    /** An rt task preempts a at 10 ms for 5 ms; a resumes before b, so every job still runs to completion in order. */
    @Test
    void taskPreemptedByRtClass_resumesBeforeTheNextJob() {
        try (PolicyMachine s = new PolicyMachine(1, new FifoProvider(), Map.of())) {
            Task a = s.spawn(PolicyMachine.spec("a", 0), k -> {
                k.compute(ms(10));
                k.spawn(TaskSpec.process("rt").attr(SchedAttr.fifo(50)), kk -> kk.compute(ms(5)));
                k.compute(ms(90));
            });
            Task b = s.job("b", 200);
            s.run();
            assertEquals(List.of("a", "b"), s.switches(a, b));
            assertEquals(ms(105), s.exitNs(a));
            assertEquals(ms(305), s.exitNs(b));
        }
    }

    @Test
    void create_unknownKey_isRefusedWithTheKeyNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FifoProvider().create(null, Map.of("quantum", "10ms")));
        assertTrue(e.getMessage().contains("policy fifo") && e.getMessage().contains("\"quantum\""), e.getMessage());
        assertTrue(e.getMessage().contains("no parameters"), e.getMessage());
    }

    @Test
    void create_calledTwice_returnsTwoPolicies() {
        FifoProvider p = new FifoProvider();
        assertNotSame(p.create(null, Map.of()), p.create(null, null));
    }
}
