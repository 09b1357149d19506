package org.kernellab.device.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.run.RunMonitor;
import org.kernellab.api.timer.TimerList;
import org.kernellab.api.timer.Timers;
import org.kernellab.core.StandaloneMachine;

/**
 * NO_HZ idle (kernel/time/tick-sched.c) with the clock-event model as the tick device: an idle
 * CPU takes no ticks, its next timer still fires at its tick, jiffies and idle time stay exact.
 */
class NohzIdleTest {
    record Run(long[] ticks, long wokeAt, long jiffies, long idle0, long idle1) {}

    /** A two-CPU machine whose ticks come from the clock-event model at HZ=250, counted per CPU in {@code ticks}. */
    private static StandaloneMachine machine(boolean nohz, long[] ticks) {
        StandaloneMachine m = new StandaloneMachine(2);
        m.nohz(nohz);
        m.irqEntry((irq, cpu) -> {
            if (irq != 0) return;
            ticks[cpu]++;
            m.timeKeeping().tick();
        });
        ClockEventModel dev = new ClockEventModel(m.machine(), 0);
        m.addListener(dev);
        for (int c = 0; c < 2; c++) dev.setPeriodicHz(c, 250);
        m.timeKeeping().tickDevice(dev);
        return m;
    }

    /** CPU 0 computes 20 ms; a task on CPU 1 sleeps 10 ms (a jiffies timer: 4 ticks at HZ=250); 40 ms in all. */
    private static Run run(boolean nohz) {
        long[] ticks = new long[2];
        try (StandaloneMachine m = machine(nohz, ticks)) {
            long[] woke = {-1};
            m.kernel().spawn(TaskSpec.process("busy").onCpu(0), k -> k.compute(20_000_000));
            m.kernel().spawn(TaskSpec.process("sleeper").onCpu(1), k -> {
                k.msleep(10);
                woke[0] = k.now();
            });
            m.kernel().run(40_000_000);
            long idle0 = -1, idle1 = -1;
            for (TaskDTO t : m.kernel().ps()) {
                if (t.comm.equals("swapper/0")) idle0 = t.stimeNs;
                if (t.comm.equals("swapper/1")) idle1 = t.stimeNs;
            }
            return new Run(ticks, woke[0], m.kernel().jiffies(), idle0, idle1);
        }
    }

    @Test
    void nohz_idleCpuTakesOnlyTheTickOfItsTimer_busyCpuTicksUntilItIdles() {
        Run r = run(true);
        assertEquals(1, r.ticks[1], "CPU 1 sleeps from 0: its clock-event fires only for the msleep timer (16 ms)");
        assertEquals(5, r.ticks[0], "CPU 0 ticks at 4..20 ms while busy, then stops");
    }

    @Test
    void periodic_everyCpuTakesEveryTick() {
        Run r = run(false);
        assertEquals(10, r.ticks[0]);
        assertEquals(10, r.ticks[1]);
    }

    @Test
    void nohz_timerFiresAtItsInstant_jiffiesAndIdleTimeAsWithThePeriodicTick() {
        Run nohz = run(true);
        Run periodic = run(false);
        assertEquals(16_000_000L, periodic.wokeAt, "msleep(10) at HZ=250: 4 jiffies");
        assertEquals(periodic.wokeAt, nohz.wokeAt, "the stopped tick is programmed for the timer's jiffy");
        assertEquals(10, periodic.jiffies);
        assertEquals(periodic.jiffies, nohz.jiffies, "jiffies are a function of time, with every CPU's tick stopped since 20 ms");
        assertEquals(periodic.idle0, nohz.idle0, "idle time of CPU 0, accounted when the wait ends (and the wait in progress)");
        assertEquals(periodic.idle1, nohz.idle1);
        assertTrue(nohz.idle1 > 39_000_000L, "CPU 1 was idle nearly all along: " + nohz.idle1);
    }

    /**
     * A task on CPU 1 arms a deferrable timer for jiffy 3 (12 ms) and an ordinary one for jiffy 8
     * (32 ms), then ends; both CPUs idle to 40 ms. Returns which callback ran when, and CPU 1's ticks.
     */
    private static List<String> deferrable(boolean nohz, long[] ticks) {
        try (StandaloneMachine m = machine(nohz, ticks)) {
            List<String> fired = new ArrayList<>();
            Timers ts = m.timers();
            TimerList def = ts.setup("test", "def_fn", t -> fired.add("def_fn at " + m.kernel().now() / 1_000_000 + " ms"), Timers.TIMER_DEFERRABLE);
            TimerList std = ts.setup("test", "std_fn", t -> fired.add("std_fn at " + m.kernel().now() / 1_000_000 + " ms"), 0);
            m.kernel().spawn(TaskSpec.process("arm").onCpu(1), k -> {
                ts.modTimer(def, 3);
                ts.modTimer(std, 8);
            });
            m.kernel().run(40_000_000);
            return fired;
        }
    }

    @Test
    void nohz_deferrableTimerDoesNotWakeTheIdleCpu_runsAfterTheOrdinaryOneAtItsTick() {
        long[] ticks = new long[2];
        assertEquals(List.of("std_fn at 32 ms", "def_fn at 32 ms"), deferrable(true, ticks),
            "the stopped tick is programmed for BASE_STD's timer; that tick's pass runs BASE_STD, then BASE_DEF");
        assertEquals(1, ticks[1], "CPU 1 takes one tick, for the ordinary timer");
    }

    @Test
    void periodic_deferrableTimerFiresAtItsJiffy() {
        long[] ticks = new long[2];
        assertEquals(List.of("def_fn at 12 ms", "std_fn at 32 ms"), deferrable(false, ticks));
        assertEquals(10, ticks[1]);
    }

    @Test
    void nohz_stepsOnAMachineWithNothingLeftToHappen_stopWhereItIs() {
        long[] ticks = new long[2];
        try (StandaloneMachine m = machine(true, ticks)) {
            m.kernel().spawn(TaskSpec.process("brief").onCpu(1), k -> k.compute(1_000_000));
            m.kernel().run(20_000_000); // both CPUs idle since about 1 ms, their ticks stopped
            long before = m.kernel().now();
            // what kernel:step 2 asks: two more steps, with no time limit
            RunResultDTO r = m.kernel().runUntil("event=" + (m.kernel().eventCount() + 2), Long.MAX_VALUE, RunMonitor.NONE);
            assertEquals("idle", r.stoppedBy, "nothing is left to happen: no event, no CPU to resume");
            assertEquals(before, r.endNs, "the time does not jump to the end of time");
            assertEquals(0, r.events);
        }
    }
}
