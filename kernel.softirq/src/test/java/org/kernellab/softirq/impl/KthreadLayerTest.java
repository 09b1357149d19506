package org.kernellab.softirq.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.ContextViolationException;
import org.kernellab.api.Errno;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.kthread.KthreadFn;
import org.kernellab.api.kthread.Kthreads;

class KthreadLayerTest {

    /** A thread that counts a unit of work every 100 us until asked to stop, parking when asked. */
    private static KthreadFn worker(Kthreads kthreads, List<Long> work, int result) {
        return (k, self) -> {
            while (!self.shouldStop()) {
                if (self.shouldPark()) {
                    kthreads.parkme(self);
                    continue;
                }
                work.add(k.now());
                k.compute(100_000);
                k.condResched();
                k.setCurrentState(TaskState.INTERRUPTIBLE);
                k.scheduleTimeout(1);
            }
            return result;
        };
    }

    @Test
    void run_startsAtOnce_stopWaitsForTheFunctionAndReturnsItsResult() {
        try (Rig r = new Rig(1).withTick()) {
            List<Long> work = new ArrayList<>();
            Kthread[] t = {null};
            int[] stopped = {0};
            long[] stopReturned = {-1};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                t[0] = r.kthreads.run(TaskSpec.kthread("worker"), worker(r.kthreads, work, 42));
                k.msleep(20);
                stopped[0] = r.kthreads.stop(t[0]);
                stopReturned[0] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(42, stopped[0]);
            assertTrue(t[0].exited());
            assertFalse(work.isEmpty());
            assertTrue(work.get(work.size() - 1) < stopReturned[0]);
            assertEquals(TaskState.DEAD, t[0].task().state());
        }
    }

    @Test
    void create_sleepsUninterruptiblyUntilFirstWoken_thenRunsTheFunction() {
        try (Rig r = new Rig(1).withTick()) {
            List<String> events = new ArrayList<>();
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                Kthread t = r.kthreads.create(TaskSpec.kthread("lazy"), (kk, self) -> {
                    events.add("fn at " + kk.now());
                    return 0;
                });
                events.add("created, state " + t.task().state().letter());
                k.msleep(4);
                events.add("wake at " + k.now());
                k.wakeUpProcess(t.task());
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(3, events.size(), events.toString());
            assertEquals("created, state D", events.get(0));
            long wokeAt = Long.parseLong(events.get(1).substring("wake at ".length()));
            long fnAt = Long.parseLong(events.get(2).substring("fn at ".length()));
            assertTrue(fnAt >= wokeAt, events.toString());
        }
    }

    @Test
    void stop_beforeTheThreadWasEverWoken_neverRunsTheFunctionAndReturnsEINTR() {
        try (Rig r = new Rig(1).withTick()) {
            boolean[] ran = {false};
            int[] result = {0};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                Kthread t = r.kthreads.create(TaskSpec.kthread("never"), (kk, self) -> {
                    ran[0] = true;
                    return 0;
                });
                result[0] = r.kthreads.stop(t);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertFalse(ran[0]);
            assertEquals(-Errno.EINTR, result[0]);
        }
    }

    @Test
    void park_leavesTheThreadParkedAndIdleUntilUnpark() {
        try (Rig r = new Rig(1).withTick()) {
            List<Long> work = new ArrayList<>();
            Kthread[] t = {null};
            String[] whileParked = {null};
            long[] parkedAt = {-1};
            long[] unparkedAt = {-1};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                t[0] = r.kthreads.run(TaskSpec.kthread("worker"), worker(r.kthreads, work, 0));
                k.msleep(10);
                assertEquals(0, r.kthreads.park(t[0]));
                parkedAt[0] = k.now();
                k.msleep(20);
                whileParked[0] = "parked=" + t[0].parked() + " state=" + t[0].task().state().letter();
                unparkedAt[0] = k.now();
                r.kthreads.unpark(t[0]);
                k.msleep(10);
                r.kthreads.stop(t[0]);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals("parked=true state=D", whileParked[0]);
            assertTrue(work.stream().noneMatch(w -> w > parkedAt[0] && w < unparkedAt[0]), "worked while parked: " + work);
            assertTrue(work.stream().anyMatch(w -> w >= unparkedAt[0]), "resumed after unpark: " + work);
            assertTrue(t[0].exited());
        }
    }

    @Test
    void park_twiceOrAfterExit_returnsLinuxErrorsWithAWarning() {
        try (Rig r = new Rig(1).withTick()) {
            int[] results = {1, 1, 1};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                Kthread t = r.kthreads.run(TaskSpec.kthread("worker"), worker(r.kthreads, new ArrayList<>(), 0));
                k.msleep(1);
                results[0] = r.kthreads.park(t);
                results[1] = r.kthreads.park(t);
                r.kthreads.stop(t);
                results[2] = r.kthreads.park(t);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(0, results[0]);
            assertEquals(-Errno.EBUSY, results[1]);
            assertEquals(-Errno.ENOSYS, results[2]);
            assertTrue(r.dmesg().contains("was already asked to park"), r.dmesg());
            assertTrue(r.dmesg().contains("has exited"), r.dmesg());
        }
    }

    @Test
    void stop_ofAThreadWhoseFunctionThrows_returnsOnceItDied() {
        try (Rig r = new Rig(1).withTick()) {
            int[] result = {-1};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                Kthread t = r.kthreads.run(TaskSpec.kthread("crash"), (kk, self) -> {
                    kk.msleep(5);
                    throw new IllegalStateException("kthread on fire");
                });
                k.msleep(1);
                result[0] = r.kthreads.stop(t);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(0, result[0]);
            assertTrue(r.dmesg().contains("kthread on fire"), r.dmesg());
            assertFalse(r.k.panicked());
        }
    }

    @Test
    void createOrStop_fromInterruptThroughTheBoundary_isReportedAsASleepingCall() {
        try (Rig r = new Rig(1, ViolationPolicy.FAIL).withTick()) {
            Kthreads checked = r.m.boundary().wrap(Kthreads.class, r.kthreads);
            String[] report = {null};
            r.handlers[5] = cpu -> {
                try {
                    checked.create(TaskSpec.kthread("x"), (k, self) -> 0);
                } catch (ContextViolationException e) {
                    report[0] = e.getMessage();
                }
            };
            r.runBurst(2_000_000, 1_000_000);
            assertNotNull(report[0]);
            assertTrue(report[0].startsWith("BUG: sleeping function called from invalid context at "), report[0]);
            assertTrue(report[0].contains("kthread_run"), report[0]);
        }
    }

    @Test
    void stop_ofAThreadFromBeforeAReset_returnsAtOnce() {
        try (Rig r = new Rig(1).withTick()) {
            Kthread t = r.kthreads.run(TaskSpec.kthread("old"), worker(r.kthreads, new ArrayList<>(), 5));
            r.k.run(10_000_000);
            assertFalse(t.exited());
            r.k.reset();
            assertTrue(t.exited(), "its task went with the old machine");
            long[] stoppedAt = {-1};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                r.kthreads.stop(t);
                stoppedAt[0] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(0, stoppedAt[0], "kthread_stop did not wait for a task that no longer runs");
        }
    }

    @Test
    void badArguments_areRefusedWithTheArgumentNamed() {
        try (Rig r = new Rig(1).withTick()) {
            KthreadFn nop = (k, self) -> 0;
            assertEquals("spec must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.kthreads.run(null, nop)).getMessage());
            assertEquals("spec app is a user process; a kernel thread needs TaskSpec.kthread(\"app\")",
                    assertThrows(IllegalArgumentException.class, () -> r.kthreads.run(TaskSpec.process("app"), nop)).getMessage());
            assertEquals("fn of kthread k must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.kthreads.run(TaskSpec.kthread("k"), null)).getMessage());
            assertEquals("thread must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.kthreads.unpark(null)).getMessage());
            Kthread foreign = new KthreadLayer(r.k, r.m.machine()).run(TaskSpec.kthread("other"), nop);
            String msg = assertThrows(IllegalArgumentException.class, () -> r.kthreads.unpark(foreign)).getMessage();
            assertTrue(msg.contains("was not made by this kthread layer"), msg);
            String[] parkme = {null};
            Kthread t = r.kthreads.run(TaskSpec.kthread("t"), (k, self) -> {
                k.msleep(5);
                return 0;
            });
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                try {
                    r.kthreads.parkme(t);
                } catch (IllegalArgumentException e) {
                    parkme[0] = e.getMessage();
                }
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertNotNull(parkme[0]);
            assertTrue(parkme[0].startsWith("kthread_parkme: kthread t/"), parkme[0]);
            assertTrue(parkme[0].endsWith("is not the calling task ctl; only a thread parks itself (others call kthread_park)"), parkme[0]);
        }
    }
}
