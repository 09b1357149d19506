package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Ctx;
import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.sync.WaitQueue;

/**
 * Where each preemption model lets a pending need_resched take the CPU: at IRQ exit, at
 * preempt_enable(), at might_sleep() and cond_resched(), or only when the task gives the CPU
 * up. One CPU; "high" waits on a wait queue, an interrupt at 3 ms wakes it and asks for a
 * reschedule, and "low" runs five 2 ms bursts with a preemption point after each.
 */
class PreemptionModelTest {
    private static final long MS = 1_000_000L;

    /** The virtual time at which "high" ran after the interrupt woke it. */
    private static long highRunsAt(PreemptModel model, TaskSpec low, Consumer<Kernel> pointAfterEachBurst) {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1).withModel(model))) {
            Kernel k = m.host.kernel;
            WaitQueue q = m.host.sync.waitQueue("high");
            boolean[] woken = {false};
            long[] ranAt = {-1};
            k.spawn(TaskSpec.process("high"), kk -> {
                q.waitEvent(() -> woken[0]);
                ranAt[0] = kk.now();
            });
            k.spawn(low, kk -> {
                for (int i = 0; i < 5; i++) {
                    kk.compute(2 * MS);
                    pointAfterEachBurst.accept(kk);
                }
            });
            m.handlers[5] = (irq, cpu) -> {
                woken[0] = true;
                q.wakeUp();
                // the policy's wakeup_preempt decision, made here so that the test does not
                // depend on a scheduling class
                m.host.engine().sw.reschedCurr(m.host.engine().running);
            };
            m.host.machine.at(3 * MS, now -> m.host.machine.raiseIrq(5, 0));
            assertEquals("idle", k.runUntilIdle(100 * MS).stoppedBy);
            assertTrue(!m.dmesg().contains("BUG"), m.dmesg());
            return ranAt[0];
        }
    }

    private static final Consumer<Kernel> NO_POINT = k -> { };
    private static final Consumer<Kernel> MIGHT_SLEEP = k -> k.mightSleep(Ctx.MAY_SLEEP, "might_sleep()", "");
    private static final Consumer<Kernel> COND_RESCHED = Kernel::condResched;

    @Test
    void full_preemptsAKernelThreadAtIrqExit() {
        assertEquals(3 * MS, highRunsAt(PreemptModel.FULL, TaskSpec.kthread("low"), NO_POINT));
    }

    @Test
    void voluntary_waitsForTheNextMightSleep() {
        assertEquals(10 * MS, highRunsAt(PreemptModel.VOLUNTARY, TaskSpec.kthread("low"), NO_POINT));
        assertEquals(4 * MS, highRunsAt(PreemptModel.VOLUNTARY, TaskSpec.kthread("low"), MIGHT_SLEEP));
    }

    @Test
    void none_ignoresMightSleep_butHonoursCondResched() {
        assertEquals(10 * MS, highRunsAt(PreemptModel.NONE, TaskSpec.kthread("low"), MIGHT_SLEEP));
        assertEquals(4 * MS, highRunsAt(PreemptModel.NONE, TaskSpec.kthread("low"), COND_RESCHED));
    }

    @Test
    void everyModel_preemptsAUserProcessOnItsWayBackToUserMode() {
        for (PreemptModel model : PreemptModel.values()) {
            assertEquals(3 * MS, highRunsAt(model, TaskSpec.process("low"), NO_POINT), model.name());
        }
    }

    @Test
    void full_preemptsAtPreemptEnable_notInsideTheSection() {
        long ran = highRunsAt(PreemptModel.FULL, TaskSpec.kthread("low"), new Consumer<>() {
            boolean first = true;

            @Override
            public void accept(Kernel k) {
                if (!first) return;
                // the first burst ends at 2 ms; a preempt-off section then runs to 7 ms
                first = false;
                k.context().preemptDisable();
                k.compute(5 * MS);
                k.context().preemptEnable();
            }
        });
        assertEquals(7 * MS, ran);
    }

    @Test
    void wakingATaskPreemptedBeforeItSlept_onlyMakesItRunning() {
        // set_current_state(INTERRUPTIBLE), then an interrupt preempts the task before its
        // schedule(): it stays on the runqueue. A wakeup then finds it queued (ttwu_runnable in
        // kernel/sched/core.c) and must not queue it a second time.
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            List<String> seen = new ArrayList<>();
            var waker = new Object() { Task low; };
            Task high = k.spawn(TaskSpec.process("high"), kk -> {
                kk.setCurrentState(TaskState.INTERRUPTIBLE);
                kk.schedule();
                seen.add("high runs at " + kk.now() / 1000 + " us, wakes low");
                kk.wakeUpProcess(waker.low);
            });
            waker.low = k.spawn(TaskSpec.kthread("low"), kk -> {
                kk.setCurrentState(TaskState.INTERRUPTIBLE);
                kk.compute(2 * MS); // preempted in here at 1 ms, still INTERRUPTIBLE
                kk.schedule(); // woken meanwhile: returns at once
                seen.add("low passes schedule() at " + kk.now() / 1000 + " us");
                kk.compute(MS);
            });
            m.handlers[5] = (irq, cpu) -> {
                k.wakeUpProcess(high);
                m.host.engine().sw.reschedCurr(m.host.engine().running);
            };
            m.host.machine.at(MS, now -> m.host.machine.raiseIrq(5, 0));
            assertEquals("idle", k.runUntilIdle(100 * MS).stoppedBy);
            assertEquals(List.of("high runs at 1000 us, wakes low", "low passes schedule() at 2000 us"), seen);
            assertTrue(!m.dmesg().contains("not runnable") && !m.dmesg().contains("BUG"), m.dmesg());
        }
    }

    @Test
    void wakingFromOutsideTheSimulation_aTaskStillOnItsCpu_onlyMakesItRunning() {
        // The machine is stopped mid-burst, between the task's set_current_state() and its
        // schedule(); the console or a test wakes it from outside, where no CPU is running.
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            long[] passed = {-1};
            Task t = k.spawn(TaskSpec.kthread("sleeper"), kk -> {
                kk.setCurrentState(TaskState.INTERRUPTIBLE);
                kk.compute(2 * MS);
                kk.schedule(); // woken meanwhile: returns at once
                passed[0] = kk.now();
            });
            assertEquals("time", k.run(MS).stoppedBy);
            assertTrue(k.wakeUpProcess(t));
            assertEquals("idle", k.runUntilIdle(100 * MS).stoppedBy);
            assertEquals(2 * MS, passed[0]);
        }
    }

    @Test
    void yieldCpu_alternatesTwoTasksOnOneCpu() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            List<String> order = new ArrayList<>();
            for (String name : new String[] {"a", "b"}) {
                k.spawn(TaskSpec.process(name), kk -> {
                    for (int i = 0; i < 3; i++) {
                        order.add(name + i);
                        kk.compute(MS);
                        kk.yieldCpu();
                    }
                });
            }
            k.runUntilIdle(100 * MS);
            assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), order);
        }
    }

    @Test
    void scheduleTimeout_returnsZeroOnTimeout_andTheJiffiesLeftWhenWokenEarly() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1)).withTick()) {
            Kernel k = m.host.kernel;
            long[] left = {-1, -1};
            long[] at = new long[2];
            var sleeper = k.spawn(TaskSpec.process("sleeper"), kk -> {
                kk.setCurrentState(TaskState.INTERRUPTIBLE);
                left[0] = kk.scheduleTimeout(5);
                at[0] = kk.jiffies();
                kk.setCurrentState(TaskState.INTERRUPTIBLE);
                left[1] = kk.scheduleTimeout(50);
                at[1] = kk.jiffies();
            });
            // HZ 250: jiffy 5 is at 20 ms; the second sleep is cut short at 40 ms (jiffy 10)
            m.handlers[6] = (irq, cpu) -> k.wakeUpProcess(sleeper);
            m.host.machine.at(41 * MS, now -> m.host.machine.raiseIrq(6, 0));
            k.runUntilIdle(1_000 * MS);
            assertEquals(0, left[0]);
            assertEquals(5, at[0]);
            assertEquals(10, at[1]);
            assertEquals(45, left[1], "woken at jiffy 10 of a sleep until jiffy 55");
        }
    }
}
