package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.sync.Spinlock;

class ContextRulesTest {

    private static MachineConfig cfg(PreemptModel model) {
        return new MachineConfig(1, 250, 1, ViolationPolicy.WARN, model, PreemptLayout.LINUX_6);
    }

    @Test
    void msleepUnderSpinlock_full_reportsSleepingFunctionThenSchedulingWhileAtomic() {
        try (TestMachine m = new TestMachine(cfg(PreemptModel.FULL)).withTick()) {
            Spinlock lock = m.host.sync.spinlock("dev_lock");
            m.host.kernel.spawn(TaskSpec.kthread("locker"), k -> {
                lock.lock();
                k.msleep(1);
                lock.unlock();
            });
            m.host.kernel.run(20_000_000);
            String log = m.dmesg();
            assertTrue(log.contains("BUG: sleeping function called from invalid context at ContextRulesTest.java:"), log);
            assertTrue(log.contains("in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: locker"), log);
            assertTrue(log.contains("BUG: scheduling while atomic: locker/1/0x00000001"), log);
            assertTrue(log.contains("KernelLab: offending bundle: (not in a bundle: org.kernellab.core.ContextRulesTest"), log);
        }
    }

    @Test
    void msleepUnderSpinlock_preemptNone_checkIsBlind() {
        try (TestMachine m = new TestMachine(cfg(PreemptModel.NONE)).withTick()) {
            Spinlock lock = m.host.sync.spinlock("dev_lock");
            List<String> seen = new ArrayList<>();
            m.host.kernel.spawn(TaskSpec.kthread("locker"), k -> {
                lock.lock();
                seen.add("in_atomic()=" + k.context().inAtomic() + " preempt_count=" + k.context().preemptCount());
                k.msleep(1);
                lock.unlock();
            });
            m.host.kernel.run(20_000_000);
            assertEquals(List.of("in_atomic()=false preempt_count=0"), seen);
            assertFalse(m.dmesg().contains("BUG:"), m.dmesg());
        }
    }

    @Test
    void handlerLeavingPreemptionDisabled_isReportedAndRepaired() {
        try (TestMachine m = new TestMachine(cfg(PreemptModel.FULL))) {
            Kernel k = m.host.kernel;
            m.handlers[4] = (irq, cpu) -> k.context().preemptDisable();
            int[] after = {-1};
            k.spawn(TaskSpec.process("victim"), kk -> {
                kk.compute(2_000_000);
                after[0] = kk.context().preemptCount();
            });
            m.host.machine.at(1_000_000, now -> m.host.machine.raiseIrq(4, 0));
            k.runUntilIdle(1_000_000_000L);
            assertTrue(m.dmesg().contains("huh, entered irq 4 with preempt_count 00010000, exited with 00010001?"), m.dmesg());
            assertEquals(0, after[0], "the count was repaired at irq exit");
        }
    }

    @Test
    void warnMode_rateLimitsReportsToOncePerSecond() {
        try (TestMachine m = new TestMachine(cfg(PreemptModel.FULL)).withTick()) {
            Kernel k = m.host.kernel;
            m.handlers[4] = (irq, cpu) -> k.msleep(1);
            k.spawn(TaskSpec.process("app"), kk -> kk.compute(1_500_000_000L));
            for (int i = 1; i <= 3; i++) m.host.machine.at(i * 100_000_000L, now -> m.host.machine.raiseIrq(4, 0));
            m.host.machine.at(1_200_000_000L, now -> m.host.machine.raiseIrq(4, 0));
            k.run(1_500_000_000L);
            String log = m.dmesg();
            int n = log.split("BUG: sleeping function called from invalid context", -1).length - 1;
            assertEquals(2, n, "one report at 0.1 s, the next only after HZ jiffies (at 1.2 s):\n" + log);
        }
    }

    @Test
    void spinlockSpin_onAnotherCpu_burnsVirtualTimeUntilRelease() {
        try (TestMachine m = new TestMachine(new MachineConfig(2, 250, 1, ViolationPolicy.WARN, PreemptModel.FULL, PreemptLayout.LINUX_6))) {
            Kernel k = m.host.kernel;
            Spinlock lock = m.host.sync.spinlock("shared");
            long[] got = {0};
            k.spawn(TaskSpec.kthread("holder").onCpu(0), kk -> {
                lock.lock();
                kk.compute(3_000_000);
                lock.unlock();
            });
            k.spawn(TaskSpec.kthread("spinner").onCpu(1), kk -> {
                kk.compute(1_000);
                lock.lock();
                got[0] = kk.now();
                lock.unlock();
            });
            k.runUntilIdle(1_000_000_000L);
            assertTrue(got[0] >= 3_000_000 && got[0] < 3_000_000 + 2 * SyncImpl.SPIN_NS, "acquired at " + got[0]);
            assertTrue(m.host.engine().cpus[1].idleNs < 10_000,
                    "CPU 1 spun (busy) rather than slept: idle " + m.host.engine().cpus[1].idleNs + " ns");
        }
    }

    @Test
    void mutexUnlockByNonOwner_isABug() {
        try (TestMachine m = new TestMachine(cfg(PreemptModel.FULL))) {
            Kernel k = m.host.kernel;
            var mutex = m.host.sync.mutex("m");
            k.spawn(TaskSpec.kthread("owner"), kk -> {
                mutex.lock();
                kk.compute(1_000_000);
            });
            k.spawn(TaskSpec.kthread("thief"), kk -> mutex.unlock());
            k.runUntilIdle(1_000_000_000L);
            assertTrue(m.dmesg().contains("BUG: mutex unlocked by a task that does not own it"), m.dmesg());
            assertTrue(mutex.isLocked());
        }
    }
}
