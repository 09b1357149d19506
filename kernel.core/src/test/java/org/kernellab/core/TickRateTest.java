package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.workload.Machine;

/**
 * CONFIG_HZ=300, which does not divide 10^9: TICK_NSEC is 3,333,333 ns, but the tick carries the
 * remainder, so tick k falls at floor(k * 10^9 / 300) ns and jiffies never drift from the clock.
 */
class TickRateTest {

    private static StandaloneMachine hz300() {
        return new StandaloneMachine(1, 300, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6).withPeriodicTick();
    }

    @Test
    void tickAt_carriesTheRemainder_exactOnEverySecond_andNoOverflow() {
        assertEquals(3_333_333L, Machine.tickNs(300));
        assertEquals(3_333_333L, Machine.tickAt(300, 1));
        assertEquals(6_666_666L, Machine.tickAt(300, 2));
        assertEquals(10_000_000L, Machine.tickAt(300, 3));
        assertEquals(1_000_000_000L, Machine.tickAt(300, 300));
        assertEquals(4_000_000L * 7, Machine.tickAt(250, 7), "HZ dividing 10^9: k x TICK_NSEC");
        long year = 365L * 24 * 3600;
        assertEquals(1_000L * year * 1_000_000_000L, Machine.tickAt(300, 1_000L * year * 300), "a thousand years of ticks");
    }

    @Test
    void hz300_jiffiesAfterNSeconds_areExactlyNTimes300() {
        try (StandaloneMachine m = hz300()) {
            assertEquals(3_333_333L, m.timeKeeping().tickNs());
            m.kernel().run(1_000_000_000L);
            assertEquals(300, m.kernel().jiffies(), "the 300th tick falls on the second");
            m.kernel().run(3_333_333L);
            assertEquals(301, m.kernel().jiffies());
            m.kernel().run(3_600_000_000_000L - 1_003_333_333L);
            assertEquals(3600 * 300, m.kernel().jiffies(), "an hour at HZ=300: 1,080,000 jiffies, none gained or lost");
        }
    }

    @Test
    void hz300_tickNeverDrifts_periodsAlternateAroundTickNsec() {
        try (StandaloneMachine m = hz300()) {
            List<Long> at = new ArrayList<>();
            m.irqEntry((irq, cpu) -> {
                at.add(m.kernel().now());
                m.timeKeeping().tick();
            });
            m.kernel().run(2_000_000_000L);
            assertEquals(600, at.size());
            for (int k = 1; k <= at.size(); k++) {
                assertEquals(k * 1_000_000_000L / 300, at.get(k - 1), "tick " + k);
            }
            List<Long> periods = new ArrayList<>();
            for (int k = 1; k < 4; k++) periods.add(at.get(k) - at.get(k - 1));
            assertEquals(List.of(3_333_333L, 3_333_334L, 3_333_333L), periods);
        }
    }
}
