package org.kernellab.softirq.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.timer.ClockId;
import org.kernellab.api.timer.HrTimer;
import org.kernellab.api.timer.HrTimerMode;
import org.kernellab.api.timer.HrTimerRestart;
import org.kernellab.api.timer.HrTimers;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;

/**
 * Jiffies timers and hrtimers (the core's timer bases) on a machine with the softirq layer bound:
 * TIMER_SOFTIRQ and HRTIMER_SOFTIRQ, the contexts of the callbacks, the return values and the
 * waits, as kernel/time/timer.c and hrtimer.c define them.
 */
class TimersTest {
    /** HZ=250: one jiffy is 4 ms. */
    static final long JIFFY = 4_000_000L;

    /** A Rig with the periodic tick, and the timers expiring through its softirq layer. */
    private static Rig rig(int cpus) {
        Rig r = new Rig(cpus).withTick();
        r.m.softirqs(r.softirqs);
        return r;
    }

    private static Timers timers(Rig r) { return r.m.timers(); }

    private static HrTimers hr(Rig r) { return r.m.hrtimers(); }

    private static String where(Rig r) {
        return "cpu" + r.k.smpProcessorId() + " hardirq=" + r.ctx.inHardirq() + " softirq=" + r.ctx.inServingSoftirq()
                + " jiffies=" + r.k.jiffies() + " t=" + r.k.now();
    }

    @Test
    void timer_queuedOnCpu1_expiresInTimerSoftirqOnCpu1AtItsJiffy() {
        try (Rig r = rig(2)) {
            List<String> seen = new ArrayList<>();
            TimerList t = timers(r).setup(this, "watchdog_fn", timer -> seen.add(where(r)), 0);
            r.k.spawn(TaskSpec.process("arm").onCpu(1), k -> timers(r).modTimer(t, k.jiffies() + 3));
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("cpu1 hardirq=false softirq=true jiffies=3 t=" + 3 * JIFFY), seen);
            assertEquals(1, r.softirqs.count(SoftirqVector.TIMER, 1), "run_timer_softirq served on the queuing CPU");
            assertEquals(0, r.softirqs.count(SoftirqVector.TIMER, 0), "and not on the other");
        }
    }

    @Test
    void modTimer_returnsWhetherItWasPending_andDelTimerLikewise() {
        try (Rig r = rig(1)) {
            List<Integer> rets = new ArrayList<>();
            List<Boolean> pending = new ArrayList<>();
            int[] fired = {0};
            TimerList t = timers(r).setup(this, "fn", timer -> fired[0]++, 0);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                Timers ts = timers(r);
                rets.add(ts.modTimer(t, 10));  // not pending: 0
                rets.add(ts.modTimer(t, 10));  // pending, same expiry: 1
                rets.add(ts.modTimer(t, 12));  // pending, moved: 1
                pending.add(ts.timerPending(t));
                rets.add(ts.delTimer(t));      // pending: 1
                rets.add(ts.delTimer(t));      // not pending: 0
                pending.add(ts.timerPending(t));
                ts.addTimer(t, 2);
                assertThrows(IllegalStateException.class, () -> ts.addTimer(t, 3), "add_timer of a pending timer is a BUG_ON");
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(0, 1, 1, 1, 0), rets);
            assertEquals(List.of(true, false), pending);
            assertEquals(1, fired[0], "only the add_timer'd expiry ran");
            assertFalse(timers(r).timerPending(t));
        }
    }

    @Test
    void delTimerSync_callbackRunningOnOtherCpu_waitsUntilItReturns() {
        try (Rig r = rig(2)) {
            long[] callback = {-1, -1};
            long[] deleted = {-1, -1};
            TimerList t = timers(r).setup(this, "slow_fn", timer -> {
                callback[0] = r.k.now();
                r.k.compute(1_000_000);
                callback[1] = r.k.now();
            }, 0);
            r.k.spawn(TaskSpec.process("arm").onCpu(0), k -> timers(r).modTimer(t, 2));
            r.k.spawn(TaskSpec.process("killer").onCpu(1), k -> {
                while (callback[0] < 0) k.compute(50_000);
                deleted[0] = timers(r).delTimerSync(t);
                deleted[1] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(2 * JIFFY + 1_000_000, callback[1]);
            assertEquals(0, deleted[0], "the timer was no longer pending");
            assertTrue(deleted[1] >= callback[1], "del_timer_sync returned at " + deleted[1] + ", before the callback ended at " + callback[1]);
        }
    }

    @Test
    void delTimerSync_fromOwnCallbackOrHardirq_warnsAsLinux() {
        try (Rig r = rig(1)) {
            int[] ret = {-9};
            TimerList[] self = new TimerList[1];
            self[0] = timers(r).setup(this, "selfish_fn", timer -> ret[0] = timers(r).delTimerSync(timer), 0);
            TimerList other = timers(r).setup(this, "other_fn", timer -> { }, 0);
            r.handlers[5] = cpu -> timers(r).delTimerSync(other);
            r.k.spawn(TaskSpec.process("arm"), k -> timers(r).modTimer(self[0], 1));
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            String log = r.dmesg();
            assertEquals(0, ret[0]);
            assertTrue(log.contains("WARNING: CPU: 0 PID: 0 at kernel/time/timer.c __timer_delete_sync\nKernelLab: del_timer_sync() of timer other_fn from hard-IRQ context"), log);
            assertTrue(log.contains("del_timer_sync() of timer selfish_fn from its own callback would wait for itself for ever"), log);
        }
    }

    @Test
    void hrtimer_hardMode_firesInHardirqAtTheExactNanosecond() {
        try (Rig r = rig(2)) {
            List<String> seen = new ArrayList<>();
            HrTimer t = hr(r).init(this, "exact_fn", timer -> {
                seen.add(where(r));
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_REL_HARD);
            r.k.spawn(TaskSpec.process("arm").onCpu(1), k -> {
                k.compute(333);
                hr(r).start(t, 1_234_567, HrTimerMode.HRTIMER_MODE_REL_HARD);
                k.compute(10_000_000);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("cpu1 hardirq=true softirq=false jiffies=0 t=" + (333 + 1_234_567)), seen);
            assertFalse(hr(r).active(t));
        }
    }

    @Test
    void hrtimer_softMode_firesInHrtimerSoftirqAtTheSameInstant() {
        try (Rig r = rig(1)) {
            List<String> seen = new ArrayList<>();
            HrTimer t = hr(r).init(this, "soft_fn", timer -> {
                seen.add(where(r));
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS_SOFT);
            r.k.spawn(TaskSpec.process("arm"), k -> hr(r).start(t, 5_000_001, HrTimerMode.HRTIMER_MODE_ABS_SOFT));
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("cpu0 hardirq=false softirq=true jiffies=1 t=5000001"), seen);
            assertEquals(1, r.softirqs.count(SoftirqVector.HRTIMER, 0));
        }
    }

    @Test
    void hrtimer_restartWithForward_firesEveryIntervalExactly() {
        try (Rig r = rig(1)) {
            List<Long> at = new ArrayList<>();
            List<Long> overruns = new ArrayList<>();
            HrTimer t = hr(r).init(this, "periodic_fn", timer -> {
                at.add(r.k.now());
                overruns.add(hr(r).forwardNow(timer, 700_000));
                return at.size() < 5 ? HrTimerRestart.HRTIMER_RESTART : HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS);
            r.k.spawn(TaskSpec.process("arm"), k -> hr(r).start(t, 1_000_000, HrTimerMode.HRTIMER_MODE_ABS));
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(1_000_000L, 1_700_000L, 2_400_000L, 3_100_000L, 3_800_000L), at);
            assertEquals(List.of(1L, 1L, 1L, 1L, 1L), overruns);
        }
    }

    @Test
    void hrtimerForward_missedIntervals_countsOverruns() {
        try (Rig r = rig(1)) {
            long[] got = new long[3];
            HrTimer t = hr(r).init(this, "fn", timer -> HrTimerRestart.HRTIMER_NORESTART, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                hr(r).start(t, 1_000, HrTimerMode.HRTIMER_MODE_ABS);
                k.compute(10_000);
                got[0] = hr(r).forward(t, 10_500, 1_000); // 1000 -> 11000: 10 intervals
                got[1] = t.expires();
                got[2] = hr(r).forward(t, 10_500, 1_000); // already after now: 0
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(10, got[0]);
            assertEquals(11_000, got[1]);
            assertEquals(0, got[2]);
        }
    }

    @Test
    void hrtimerCancel_callbackRunningOnOtherCpu_tryReturnsMinusOneAndCancelWaits() {
        try (Rig r = rig(2)) {
            long[] cb = {-1, -1};
            long[] res = new long[3];
            HrTimer t = hr(r).init(this, "busy_fn", timer -> {
                cb[0] = r.k.now();
                r.k.compute(500_000);
                cb[1] = r.k.now();
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_ABS);
            r.k.spawn(TaskSpec.process("arm").onCpu(0), k -> {
                hr(r).start(t, 1_000_000, HrTimerMode.HRTIMER_MODE_ABS);
                k.compute(5_000_000);
            });
            r.k.spawn(TaskSpec.process("canceller").onCpu(1), k -> {
                while (cb[0] < 0) k.compute(10_000);
                res[0] = hr(r).tryToCancel(t);
                res[1] = hr(r).cancel(t);
                res[2] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(-1, res[0], "hrtimer_try_to_cancel of a running timer");
            assertEquals(0, res[1], "hrtimer_cancel waited, and the timer was no longer queued");
            assertTrue(res[2] >= cb[1], "hrtimer_cancel returned at " + res[2] + ", before the callback ended at " + cb[1]);
        }
    }

    @Test
    void hrtimerTryToCancel_queuedTimer_removesItAndItNeverFires() {
        try (Rig r = rig(1)) {
            int[] fired = {0};
            int[] res = new int[2];
            HrTimer t = hr(r).init(this, "fn", timer -> {
                fired[0]++;
                return HrTimerRestart.HRTIMER_NORESTART;
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_REL);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                hr(r).start(t, 2_000_000, HrTimerMode.HRTIMER_MODE_REL);
                res[0] = hr(r).tryToCancel(t);
                res[1] = hr(r).tryToCancel(t);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, res[0]);
            assertEquals(0, res[1]);
            assertEquals(0, fired[0]);
        }
    }

    @Test
    void timerCallback_throws_isReportedWithBundleAndTheMachineGoesOn() {
        try (Rig r = rig(1)) {
            int[] later = {0};
            int[] ret = {-9};
            TimerList bad = timers(r).setup(this, "boom_fn", timer -> {
                throw new IllegalStateException("broken plugin");
            }, 0);
            TimerList good = timers(r).setup(this, "good_fn", timer -> later[0]++, 0);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                timers(r).modTimer(bad, 1);
                timers(r).modTimer(good, 1);
                k.msleep(20);
                ret[0] = timers(r).modTimer(bad, k.jiffies() + 1);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            String log = r.dmesg();
            assertEquals(1, later[0], "the next timer of the same softirq pass ran");
            assertEquals(0, ret[0]);
            assertTrue(log.contains("KernelLab: the timer callback boom_fn (org.kernellab.softirq.impl.TimersTest"), log);
            assertTrue(log.contains("failed during run_timer_softirq on CPU 0: java.lang.IllegalStateException: broken plugin"), log);
            assertTrue(log.contains("KernelLab: timer boom_fn is ejected"), log);
            assertTrue(log.contains("KernelLab: mod_timer() of timer boom_fn dropped"), log);
            assertTrue(r.softirqs.action(SoftirqVector.TIMER) != null, "TIMER_SOFTIRQ is still open");
        }
    }

    @Test
    void hrtimerCallback_throwsInHardirq_isReportedAndNotRestarted() {
        try (Rig r = rig(1)) {
            HrTimer t = hr(r).init(this, "hard_boom", timer -> {
                throw new ArithmeticException("oops");
            }, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_REL);
            boolean[] finished = {false};
            r.k.spawn(TaskSpec.process("arm"), k -> {
                hr(r).start(t, 1_000, HrTimerMode.HRTIMER_MODE_REL);
                k.compute(1_000_000);
                finished[0] = true;
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertTrue(finished[0]);
            assertTrue(t.ejected());
            assertTrue(r.dmesg().contains("hrtimer callback hard_boom"), r.dmesg());
            assertTrue(r.dmesg().contains("failed during hrtimer_interrupt on CPU 0: java.lang.ArithmeticException: oops"), r.dmesg());
        }
    }

    @Test
    void timerCallback_leaksPreemptCount_isReportedAsCallTimerFnAndRestored() {
        try (Rig r = rig(1)) {
            int[] after = {-1};
            TimerList t = timers(r).setup(this, "leaky_fn", timer -> r.ctx.preemptDisable(), 0);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                timers(r).modTimer(t, 1);
                k.msleep(10);
                after[0] = k.context().preemptCount();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            int serving = r.servingOffset();
            assertTrue(r.dmesg().contains(String.format("timer: leaky_fn preempt leak: %08x -> %08x", serving, serving + 1)), r.dmesg());
            assertFalse(r.dmesg().contains("huh, entered softirq"), "the timer layer repaired it before the softirq check: " + r.dmesg());
            assertEquals(0, after[0]);
        }
    }

    @Test
    void scheduleTimeout_msleep_wakesExactlyAtItsJiffyFromTimerSoftirqOnItsCpu() {
        try (Rig r = rig(2)) {
            long[] woke = {-1, -1};
            r.m.tracer().start();
            r.k.spawn(TaskSpec.process("sleeper").onCpu(1), k -> {
                k.msleep(10); // msecs_to_jiffies(10) + 1 = 4 jiffies at HZ=250
                woke[0] = k.now();
                woke[1] = k.jiffies();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(4 * JIFFY, woke[0]);
            assertEquals(4, woke[1]);
            String trace = r.m.tracer().text();
            assertTrue(trace.matches("(?s).*\\[001\\] \\.\\.\\.\\. +0\\.000000: timer_start: timer=[0-9a-f]{16} function=process_timeout expires=4 \\[timeout=4\\] bucket_expiry=4 cpu=1 idx=4 flags=\n.*"), trace);
            assertTrue(trace.matches("(?s).*\\[001\\] \\.\\.s\\. +0\\.016000: timer_expire_entry: timer=[0-9a-f]{16} function=process_timeout now=4 baseclk=4\n.*"), trace);
            assertTrue(trace.matches("(?s).*\\[001\\] \\.Ns\\. +0\\.016000: sched_wakeup: comm=sleeper .*"), trace);
            assertEquals(1, r.softirqs.count(SoftirqVector.TIMER, 1));
        }
    }

    @Test
    void scheduleHrtimeout_wakesTheTaskAtTheExactNanosecond() {
        try (Rig r = rig(1)) {
            long[] got = {-1, -1};
            r.k.spawn(TaskSpec.process("hrsleeper"), k -> {
                k.compute(7);
                k.setCurrentState(TaskState.UNINTERRUPTIBLE);
                got[0] = hr(r).scheduleHrtimeout(2_500_003, HrTimerMode.HRTIMER_MODE_REL);
                got[1] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(0, got[0]);
            assertEquals(2_500_010, got[1]);
        }
    }

    @Test
    void pendingOf_listsTheOwnersPendingTimersOnly() {
        try (Rig r = rig(1)) {
            Object a = "bundle-a";
            Object b = "bundle-b";
            int[] counts = new int[3];
            TimerList a1 = timers(r).setup(a, "a1", t -> { }, Timers.TIMER_DEFERRABLE);
            TimerList a2 = timers(r).setup(a, "a2", t -> { }, Timers.TIMER_PINNED);
            TimerList b1 = timers(r).setup(b, "b1", t -> { }, 0);
            HrTimer ah = hr(r).init(a, "ah", t -> HrTimerRestart.HRTIMER_NORESTART, ClockId.CLOCK_MONOTONIC, HrTimerMode.HRTIMER_MODE_REL);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                timers(r).modTimer(a1, 50);
                timers(r).modTimer(b1, 50);
                hr(r).start(ah, 1_000_000_000L, HrTimerMode.HRTIMER_MODE_REL);
                counts[0] = timers(r).pendingOf(a).size();
                counts[1] = hr(r).activeOf(a).size();
                counts[2] = timers(r).pendingOf(b).size();
                timers(r).delTimer(a1);
                timers(r).delTimer(b1);
                hr(r).cancel(ah);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, counts[0], "a1 only: a2 was never queued");
            assertEquals(1, counts[1]);
            assertEquals(1, counts[2]);
            assertEquals(a, a2.owner());
            assertThrows(IllegalArgumentException.class, () -> timers(r).setup(a, "x", t -> { }, 0x1));
        }
    }
    @Test
    void hrtimerTrace_startExpireCancel_inTheFormatOfTimerH_andAModeMismatchWarns() {
        try (Rig r = rig(1)) {
            r.m.tracer().start();
            HrTimer t = hr(r).init(this, "traced_fn", timer -> HrTimerRestart.HRTIMER_NORESTART, ClockId.CLOCK_MONOTONIC,
                    HrTimerMode.HRTIMER_MODE_REL_SOFT);
            r.k.spawn(TaskSpec.process("arm"), k -> {
                hr(r).start(t, 500, HrTimerMode.HRTIMER_MODE_REL_SOFT);
                hr(r).start(t, 1_000, HrTimerMode.HRTIMER_MODE_REL); // restarted: cancel then start; HARD bit differs from init
            });
            r.k.runUntilIdle(Rig.LIMIT);
            String trace = r.m.tracer().text();
            String addr = "hrtimer=[0-9a-f]{16}";
            assertTrue(trace.matches("(?s).*hrtimer_start: " + addr + " function=traced_fn expires=500 softexpires=500 mode=REL\\|SOFT\n"
                    + ".*hrtimer_cancel: " + addr + "\n"
                    + ".*hrtimer_start: " + addr + " function=traced_fn expires=1000 softexpires=1000 mode=REL\n"
                    + ".*\\.[.N]s\\. +0\\.000001: hrtimer_expire_entry: " + addr + " function=traced_fn now=1000\n"
                    + ".*hrtimer_expire_exit: " + addr + "\n.*"), trace);
            assertTrue(r.dmesg().contains("WARNING: CPU: 0 PID: 1 at kernel/time/hrtimer.c hrtimer_start_range_ns\nKernelLab: hrtimer_start() of hrtimer traced_fn with mode HRTIMER_MODE_REL"), r.dmesg());
        }
    }
    @Test
    void timer_rearmedForAPassedJiffyInItsCallback_runsAtTheNextTickNotInTheSamePass() {
        try (Rig r = rig(1)) {
            List<Long> ran = new ArrayList<>();
            TimerList t = timers(r).setup(this, "again_fn", timer -> {
                ran.add(r.k.jiffies());
                if (ran.size() < 3) timers(r).modTimer(timer, r.k.jiffies());
            }, 0);
            r.k.spawn(TaskSpec.process("arm"), k -> timers(r).modTimer(t, 1));
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(1L, 2L, 3L), ran);
        }
    }
}
