package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.timer.ClockId;
import org.kernellab.api.timer.HrTimer;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimerRestart;
import org.kernellab.api.timer.TimerList;

/**
 * The core's timer bases without a softirq layer (the softirq path is tested with the real
 * layer in kernel.softirq's TimersTest): the fallback expiry in hard-IRQ context, and finding and
 * deleting the timers of an owner.
 */
class TimerBasesTest {

    @Test
    void noSoftirqLayer_timersExpireFromTheTickInHardirq() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            List<String> seen = new ArrayList<>();
            TimerList t = m.host.timers.setup(this, "fn", timer -> seen.add("hardirq=" + m.host.context.inHardirq() + " t=" + k.now()), 0);
            HrTimer h = m.host.hrtimers.init(this, "soft_fn", timer -> {
                seen.add("soft hardirq=" + m.host.context.inHardirq() + " t=" + k.now());
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_REL_SOFT);
            k.spawn(TaskSpec.process("arm"), kk -> {
                m.host.timers.modTimer(t, 2);
                m.host.hrtimers.start(h, 1_000_001, HrTimerMode.HRTIMER_MODE_REL_SOFT);
            });
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of("soft hardirq=true t=1000001", "hardirq=true t=8000000"), seen);
        }
    }

    @Test
    void deleteOwnedBy_fromOutside_deletesOnlyThatOwnersPendingTimers() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            Object mine = "bundle-a";
            int[] fired = {0, 0};
            TimerList a = m.host.timers.setup(mine, "a", timer -> fired[0]++, 0);
            HrTimer ah = m.host.hrtimers.init(mine, "ah", timer -> {
                fired[0]++;
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS);
            TimerList b = m.host.timers.setup("bundle-b", "b", timer -> fired[1]++, 0);
            k.spawn(TaskSpec.process("arm"), kk -> {
                m.host.timers.modTimer(a, 5);
                m.host.timers.modTimer(b, 5);
                m.host.hrtimers.start(ah, 30_000_000, HrTimerMode.HRTIMER_MODE_ABS);
            });
            k.run(1_000_000);
            assertEquals(2, m.host.timerService.deleteOwnedBy(mine));
            assertFalse(m.host.timers.timerPending(a));
            assertTrue(m.host.timers.timerPending(b));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(0, fired[0], "the owner's timers never fired");
            assertEquals(1, fired[1], "the other owner's timer did");
        }
    }

    @Test
    void timerAddresses_sameInEveryRunOfTheMachine() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            m.host.tracer.start();
            String[] traces = new String[2];
            for (int i = 0; i < 2; i++) {
                k.reset();
                m.host.tracer.start();
                k.spawn(TaskSpec.process("sleeper"), kk -> kk.msleep(5));
                k.runUntilIdle(1_000_000_000L);
                traces[i] = m.host.tracer.text();
            }
            assertTrue(traces[0].contains("timer_start: timer=ffff888004000000 function=process_timeout"), traces[0]);
            assertEquals(traces[0], traces[1]);
        }
    }
}
