package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;

/** CONFIG_HZ=300, which does not divide 10^9: the tick period is Linux's TICK_NSEC, 3,333,333 ns. */
class TickRateTest {

    @Test
    void hz300_ticksEveryTickNsec_jiffiesCountEveryTick() {
        try (StandaloneMachine m = new StandaloneMachine(1, 300, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6)
                .withPeriodicTick()) {
            assertEquals(3_333_333L, m.timeKeeping().tickNs());
            m.kernel().run(1_000_000_000L);
            // ticks at k x 3,333,333 ns: the 300th at 999,999,900 ns, inside the second
            assertEquals(300, m.kernel().jiffies());
            m.kernel().run(3_333_333L);
            assertEquals(301, m.kernel().jiffies());
        }
    }
}
