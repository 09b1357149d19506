package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.sync.Completion;
import org.kernellab.api.sync.RwLock;
import org.kernellab.api.sync.Semaphore;
import org.kernellab.api.sync.Spinlock;
import org.kernellab.api.sync.WaitQueue;

class SyncTest {

    @Test
    void semaphore_countsAndBlocksTheThirdTaker() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            Semaphore sem = m.host.sync.semaphore("slots", 2);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String n = "t" + i;
                k.spawn(TaskSpec.kthread(n), kk -> {
                    sem.down();
                    got.add(n + "@" + kk.now() / 1000);
                    kk.compute(5_000);
                    sem.up();
                });
            }
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of("t0@0", "t1@0", "t2@5"), got);
            assertEquals(2, sem.count());
        }
    }

    @Test
    void completion_wakesWaiterFromAnInterruptHandler() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            Completion done = m.host.sync.completion("io");
            m.handlers[9] = (irq, cpu) -> done.complete();
            long[] woke = {0};
            k.spawn(TaskSpec.process("reader"), kk -> {
                done.waitForCompletion();
                woke[0] = kk.now();
            });
            m.host.machine.at(7_000_000, now -> m.host.machine.raiseIrq(9, 0));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(7_000_000, woke[0], "the disk interrupt wakes the waiting process at its instant");
            assertTrue(m.dmesg().indexOf("BUG") < 0, m.dmesg());
        }
    }

    @Test
    void completeAll_releasesEveryWaiterAndFutureOnes() {
        try (TestMachine m = new TestMachine()) {
            Completion c = m.host.sync.completion("all");
            int[] passed = {0};
            for (int i = 0; i < 3; i++) m.host.kernel.spawn(TaskSpec.kthread("w" + i), kk -> {
                c.waitForCompletion();
                passed[0]++;
            });
            m.host.kernel.spawn(TaskSpec.kthread("completer"), kk -> {
                kk.compute(1_000);
                c.completeAll();
            });
            m.host.kernel.runUntilIdle(1_000_000L);
            assertEquals(3, passed[0]);
            assertTrue(c.tryWait() && c.done());
        }
    }

    @Test
    void rwlock_readersShare_writerExcludes() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            RwLock rw = m.host.sync.rwlock("table");
            long[] writerIn = {0};
            int[] maxReaders = {0};
            for (int i = 0; i < 2; i++) k.spawn(TaskSpec.kthread("r" + i).onCpu(i), kk -> {
                rw.readLock();
                maxReaders[0] = Math.max(maxReaders[0], rw.readers());
                kk.compute(2_000_000);
                rw.readUnlock();
            });
            k.spawn(TaskSpec.kthread("w").onCpu(1), kk -> {
                kk.compute(1_000);
                rw.writeLock();
                writerIn[0] = kk.now();
                rw.writeUnlock();
            });
            k.runUntilIdle(1_000_000_000L);
            assertEquals(2, maxReaders[0]);
            assertTrue(writerIn[0] >= 2_000_000, "the writer waits for both readers: " + writerIn[0]);
        }
    }

    @Test
    void waitEventTimeout_returnsZeroWhenItTimesOut_andLeftJiffiesWhenWoken() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1)).withTick()) {
            Kernel k = m.host.kernel;
            WaitQueue q = m.host.sync.waitQueue("q");
            boolean[] flag = {false};
            long[] r = new long[2];
            k.spawn(TaskSpec.kthread("a"), kk -> r[0] = q.waitEventTimeout(() -> false, 5));
            k.spawn(TaskSpec.kthread("b"), kk -> r[1] = q.waitEventTimeout(() -> flag[0], 100));
            k.spawn(TaskSpec.kthread("c"), kk -> {
                kk.msleep(20);
                flag[0] = true;
                q.wakeUp();
            });
            k.runUntilIdle(1_000_000_000L);
            assertEquals(0, r[0]);
            assertTrue(r[1] > 0 && r[1] < 100, "left " + r[1]);
        }
    }

    /**
     * The queue is linked through its sleepers: one that times out in the middle, and then the
     * first one, leave it without disturbing the others, and a wakeup takes the rest in the order
     * they came, each once.
     */
    @Test
    void waitQueue_sleepersLeavingFromTheMiddleAndTheFront_keepTheOthersInOrder() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1)).withTick()) {
            Kernel k = m.host.kernel;
            WaitQueue q = m.host.sync.waitQueue("q");
            boolean[] go = {false};
            List<String> seen = new ArrayList<>();
            int[] counts = new int[3];
            k.spawn(TaskSpec.kthread("w0"), kk -> seen.add("w0 " + q.waitEventTimeout(() -> go[0], 10)));
            k.spawn(TaskSpec.kthread("w1"), kk -> seen.add("w1 " + q.waitEventTimeout(() -> go[0], 3)));
            for (int i = 2; i < 5; i++) {
                String name = "w" + i;
                k.spawn(TaskSpec.kthread(name), kk -> {
                    q.waitEvent(() -> go[0]);
                    seen.add(name);
                });
            }
            k.spawn(TaskSpec.kthread("waker"), kk -> {
                counts[0] = q.waiters();
                kk.msleep(60); // 15 jiffies at HZ 250: w1 (3 jiffies) and then w0 (10) time out meanwhile
                counts[1] = q.waiters();
                go[0] = true;
                q.wakeUp();
                counts[2] = q.waiters();
            });
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of("w1 0", "w0 0", "w2", "w3", "w4"), seen);
            assertArrayEquals(new int[] {5, 3, 0}, counts);
        }
    }

    @Test
    void spinLockIrqSave_holdsOffInterruptsUntilRestore() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            Spinlock lock = m.host.sync.spinlock("l");
            long[] handledAt = {0};
            m.handlers[3] = (irq, cpu) -> handledAt[0] = k.now();
            k.spawn(TaskSpec.kthread("crit"), kk -> {
                boolean flags = lock.lockIrqSave();
                kk.compute(4_000_000);
                lock.unlockIrqRestore(flags);
                kk.compute(1_000_000);
            });
            m.host.machine.at(1_000_000, now -> m.host.machine.raiseIrq(3, 0));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(4_000_000, handledAt[0], "the interrupt raised at 1 ms arrives when interrupts are restored");
        }
    }

    @Test
    void badArguments_areRefusedNamingTheValue() {
        try (TestMachine m = new TestMachine()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.host.sync.semaphore("s", -1));
            assertEquals("semaphore s: count -1 is negative", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.host.kernel.spawn(TaskSpec.process("x").onCpu(5), k -> {}));
            assertEquals("cpu 5 does not exist; this machine has CPUs 0..1", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> TaskSpec.process("x").nice(20));
            assertEquals("nice 20 is out of range -20..19", e.getMessage());
        }
    }
}
