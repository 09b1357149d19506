package org.kernellab.policy.sjf;

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

/** sjf on one CPU against OSTEP's {@code scheduler.py -p SJF} (1 time unit = 1 ms). */
class SjfTest {

    /**
     * {@code scheduler.py -p SJF -l 8,3,3,9 -c}: runs 1, 2, 0, 3 (a stable sort); per job 0..3
     * response 6, 0, 3, 14, turnaround 14, 3, 6, 23, wait 6, 0, 3, 14.
     */
    @Test
    void lengths8_3_3_9_run1_2_0_3_withOstepsMetrics() {
        try (PolicyMachine s = new PolicyMachine(1, new SjfProvider(), Map.of())) {
            long[] len = {8, 3, 3, 9};
            Task[] j = new Task[len.length];
            for (int i = 0; i < len.length; i++) j[i] = s.job("job" + i, len[i]);
            s.run();
            assertEquals(List.of("job1", "job2", "job0", "job3"), s.switches(j));
            long[] response = {6, 0, 3, 14}, turnaround = {14, 3, 6, 23}, wait = {6, 0, 3, 14};
            for (int i = 0; i < len.length; i++) {
                assertEquals(ms(response[i]), s.firstRunNs(j[i]), "response of job " + i);
                assertEquals(ms(turnaround[i]), s.exitNs(j[i]), "turnaround of job " + i);
                assertEquals(ms(wait[i]), s.exitNs(j[i]) - ms(len[i]), "wait of job " + i);
            }
        }
    }

    /** A job without a hint counts as the longest: it runs after both hinted ones, whatever its real length. */
    @Test
    void jobWithoutHint_runsAfterEveryHintedJob() {
        try (PolicyMachine s = new PolicyMachine(1, new SjfProvider(), Map.of())) {
            Task x = s.spawn(PolicyMachine.spec("x", 0), k -> k.compute(ms(5)));
            Task y = s.job("y", 50), z = s.job("z", 20);
            s.run();
            assertEquals(List.of("z", "y", "x"), s.switches(x, y, z));
            assertEquals(ms(20), s.exitNs(z));
            assertEquals(ms(70), s.exitNs(y));
            assertEquals(ms(75), s.exitNs(x));
        }
    }

    /** Non-preemptive: s (5 ms) arrives at 10 ms while a (100 ms) runs; a finishes, then s jumps ahead of b (50 ms). */
    @Test
    void shorterArrival_doesNotPreempt_butRunsNext() {
        try (PolicyMachine s = new PolicyMachine(1, new SjfProvider(), Map.of())) {
            Task[] later = new Task[2];
            Task a = s.spawn(PolicyMachine.spec("a", 100), k -> {
                k.compute(ms(10));
                later[0] = k.spawn(PolicyMachine.spec("b", 50), kk -> kk.compute(ms(50)));
                later[1] = k.spawn(PolicyMachine.spec("s", 5), kk -> kk.compute(ms(5)));
                k.compute(ms(90));
            });
            s.run();
            assertEquals(List.of("a", "s", "b"), s.switches(a, later[0], later[1]));
            assertEquals(ms(100), s.exitNs(a));
            assertEquals(ms(105), s.exitNs(later[1]));
            assertEquals(ms(155), s.exitNs(later[0]));
        }
    }

    @Test
    void create_unknownKey_isRefusedWithTheKeyNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SjfProvider().create(null, Map.of("length", "5ms")));
        assertTrue(e.getMessage().contains("policy sjf") && e.getMessage().contains("\"length\""), e.getMessage());
    }

    @Test
    void create_calledTwice_returnsTwoPolicies() {
        SjfProvider p = new SjfProvider();
        assertNotSame(p.create(null, Map.of()), p.create(null, Map.of()));
    }
}
