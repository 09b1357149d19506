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
    void perBundleTimers_heldAreReportedThenDeleted_andLaterArmingIsDropped() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            var jp = new TimerService.PerBundleTimers<>(m.host::engine, org.kernellab.api.timer.Timers.class);
            var hp = new TimerService.PerBundleTimers<>(m.host::engine, org.kernellab.api.timer.HrTimers.class);
            org.kernellab.api.leak.Holder bundle = new org.kernellab.api.leak.Holder(7, "org.example.drv", "1.2.0");
            org.kernellab.api.timer.Timers mine = jp.open(bundle);
            org.kernellab.api.timer.HrTimers mineHr = hp.open(bundle);
            int[] fired = {0, 0};
            TimerList a = mine.setup(this, "drv_poll", timer -> fired[0]++, 0);
            TimerList idle = mine.setup(this, "drv_idle", timer -> fired[0]++, 0);
            HrTimer ah = mineHr.init(this, "drv_watchdog", timer -> {
                fired[0]++;
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS);
            TimerList shared = m.host.timers.setup(this, "core_timer", timer -> fired[1]++, 0);
            k.spawn(TaskSpec.process("arm"), kk -> {
                mine.modTimer(a, 5);
                m.host.timers.modTimer(shared, 5);
                mineHr.start(ah, 30_000_000, HrTimerMode.HRTIMER_MODE_ABS);
            });
            k.run(1_000_000);

            var held = m.host.machine.still(() -> jp.held(mine));
            assertEquals(1, held.size(), "only the armed timer, and only the jiffies one through Timers");
            assertEquals("timer", held.get(0).kind);
            assertEquals("drv_poll (org.kernellab.core.TimerBasesTest)", held.get(0).object);
            assertEquals("pending, expires at jiffy 5", held.get(0).state);
            assertEquals("del_timer_sync()", held.get(0).released);
            var heldHr = m.host.machine.still(() -> hp.held(mineHr));
            assertEquals(1, heldHr.size());
            assertEquals("hrtimer", heldHr.get(0).kind);
            assertEquals("queued, expires at 30000000 ns (HRTIMER_MODE_ABS)", heldHr.get(0).state);

            m.host.machine.still(() -> {
                jp.release(mine);
                hp.release(mineHr);
                return null;
            });
            assertFalse(m.host.timers.timerPending(a));
            assertFalse(m.host.hrtimers.active(ah));
            assertTrue(m.host.timers.timerPending(shared), "the core's own timer stays");
            assertEquals(List.of(), m.host.machine.still(() -> jp.held(mine)));
            int logged = k.dmesg().size();
            k.spawn(TaskSpec.process("late"), kk -> assertEquals(0, mine.modTimer(idle, 10)));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(0, fired[0], "the bundle's timers never fired");
            assertEquals(1, fired[1], "the core's timer did");
            assertTrue(k.dmesg().subList(logged, k.dmesg().size()).stream().anyMatch(l -> l.text.equals(
                    "KernelLab: mod_timer() of timer drv_idle dropped: org.example.drv 1.2.0 released its timer service (the bundle stopped)")),
                    String.valueOf(k.dmesg()));
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
