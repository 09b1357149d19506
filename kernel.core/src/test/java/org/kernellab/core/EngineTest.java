package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.sync.WaitQueue;
import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void compute_singleTask_advancesVirtualTimeAndUtime() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            long[] seen = new long[2];
            k.spawn(TaskSpec.process("worker"), kk -> {
                seen[0] = kk.now();
                kk.compute(3_000_000);
                seen[1] = kk.now();
            });
            RunResultDTO r = k.runUntilIdle(1_000_000_000L);
            assertEquals("idle", r.stoppedBy);
            assertEquals(3_000_000, seen[1] - seen[0]);
            assertTrue(m.dmesg().contains("Linux version 6.6.0-kernellab"), m.dmesg());
        }
    }

    @Test
    void interrupt_inBurst_splitsBurstAtExactInstantAndCurrentIsInterruptedTask() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            List<String> seen = new ArrayList<>();
            m.handlers[5] = (irq, cpu) -> seen.add(k.now() + " " + k.current().comm() + " hardirq=" + k.context().inHardirq()
                    + " irqsoff=" + k.context().irqsDisabled() + " pc=" + Integer.toHexString(k.context().preemptCount()));
            long[] end = new long[1];
            k.spawn(TaskSpec.process("burst"), kk -> {
                kk.compute(10_000_000);
                end[0] = kk.now();
            });
            m.host.machine.at(4_000_000, now -> m.host.machine.raiseIrq(5, 0));
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of("4000000 burst hardirq=true irqsoff=true pc=10000"), seen);
            assertEquals(10_000_000, end[0], "the burst resumes after the handler; the handler used no time");
        }
    }

    @Test
    void twoCpus_interleaveInVirtualTime_furthestBehindRunsFirst() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            List<String> order = new ArrayList<>();
            for (String name : new String[] {"a", "b"}) {
                k.spawn(TaskSpec.process(name), kk -> {
                    for (int i = 0; i < 3; i++) {
                        order.add(name + "@" + kk.now() / 1_000_000 + " cpu" + kk.smpProcessorId());
                        kk.compute(name.equals("a") ? 2_000_000 : 3_000_000);
                    }
                });
            }
            k.runUntilIdle(1_000_000_000L);
            assertEquals(List.of("a@0 cpu0", "b@0 cpu1", "a@2 cpu0", "b@3 cpu1", "a@4 cpu0", "b@6 cpu1"), order);
        }
    }

    @Test
    void msleep_withTick_sleepsAtLeastTheTimeAndCountsVoluntarySwitch() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            long[] t = new long[2];
            var task = k.spawn(TaskSpec.process("sleeper"), kk -> {
                t[0] = kk.now();
                kk.msleep(10);
                t[1] = kk.now();
            });
            k.runUntilIdle(1_000_000_000L);
            long slept = t[1] - t[0];
            assertTrue(slept >= 10_000_000 && slept <= 16_000_000, "slept " + slept);
            assertEquals(TaskState.DEAD, task.state());
        }
    }

    @Test
    void waitQueue_pingPong_wakesTheWaiterAndCountsSwitches() {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            Kernel k = m.host.kernel;
            WaitQueue q = m.host.sync.waitQueue("pingpong");
            int[] turn = {0};
            int rounds = 100;
            for (int me = 0; me < 2; me++) {
                int self = me;
                k.spawn(TaskSpec.process("p" + me), kk -> {
                    for (int i = 0; i < rounds; i++) {
                        q.waitEvent(() -> turn[0] == self);
                        kk.compute(1000);
                        turn[0] = 1 - self;
                        q.wakeUp();
                    }
                });
            }
            RunResultDTO r = k.runUntilIdle(10_000_000_000L);
            assertEquals("idle", r.stoppedBy);
            assertTrue(r.switches >= 2 * rounds, "switches " + r.switches);
            assertEquals(2 * rounds * 1000L, r.endNs - r.startNs >= 2 * rounds * 1000L ? 2 * rounds * 1000L : -1);
        }
    }

    @Test
    void exception_inTaskBody_oopsesThatTaskOnly() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            boolean[] otherFinished = {false};
            k.spawn(TaskSpec.process("crasher"), kk -> {
                kk.compute(1000);
                throw new IllegalStateException("boom");
            });
            k.spawn(TaskSpec.process("survivor"), kk -> {
                kk.compute(5000);
                otherFinished[0] = true;
            });
            k.runUntilIdle(1_000_000_000L);
            assertTrue(otherFinished[0]);
            String log = m.dmesg();
            assertTrue(log.contains("Oops: java.lang.IllegalStateException: boom [#1]"), log);
            assertTrue(log.contains("Comm: crasher"), log);
        }
    }

    @Test
    void engineFailure_outsideATaskBody_panicsInsteadOfHanging() {
        // a scheduler that hands back a dead task once asked to: the exiting task's switch is
        // an internal error, which must panic the machine rather than leave the run hanging
        org.kernellab.api.sched.core.KTask[] poison = new org.kernellab.api.sched.core.KTask[1];
        org.kernellab.api.sched.core.SchedulerFactory corrupt = sm -> new ForwardingScheduler(new BypassFifo(sm)) {
            @Override
            public org.kernellab.api.sched.core.KTask pickNext(int cpu, org.kernellab.api.sched.core.KTask prev,
                                                               org.kernellab.api.sched.core.Put how) {
                var p = poison[0];
                return p != null ? p : super.pickNext(cpu, prev, how);
            }
        };
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withCpus(1))) {
            m.host.schedulerFactory(corrupt);
            Kernel k = m.host.kernel;
            var gone = k.spawn(TaskSpec.process("gone"), kk -> { });
            k.runUntilIdle(1_000_000L);
            k.spawn(TaskSpec.process("corrupter"), kk -> poison[0] = (TaskImpl) gone);
            RunResultDTO r = k.runUntilIdle(1_000_000L);
            assertEquals("panic", r.stoppedBy);
            assertTrue(r.panic.startsWith("KernelLab internal error on corrupter/2: java.lang.IllegalStateException: "
                    + "the scheduler \"bypass\" picked gone[1] (state X) on CPU 0, which is not a runnable task"), r.panic);
            assertTrue(m.dmesg().contains("Kernel panic - not syncing: KernelLab internal error"), m.dmesg());
        }
    }

    @Test
    void control_fromSimulatedCode_isRefused() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            String[] msg = {null};
            k.spawn(TaskSpec.kthread("rogue"), kk -> {
                try {
                    kk.run(1000);
                } catch (IllegalStateException e) {
                    msg[0] = e.getMessage();
                }
            });
            k.runUntilIdle(1_000_000L);
            assertEquals("Kernel.run() drives the simulation, so it must be called from outside it (the console or a test)", msg[0]);
        }
    }

    @Test
    void msleep_fromOutsideSimulation_explainsWhere() {
        try (TestMachine m = new TestMachine()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.host.kernel.msleep(1));
            assertTrue(e.getMessage().startsWith("msleep() must be called from a simulated task"), e.getMessage());
        }
    }

    @Test
    void sameSeed_sameDigest_otherSeed_otherDigest() {
        assertEquals(runDigest(7), runDigest(7));
        assertNotEquals(runDigest(7), runDigest(8));
    }

    private static String runDigest(long seed) {
        try (TestMachine m = new TestMachine(MachineConfig.defaults().withSeed(seed)).withTick()) {
            Kernel k = m.host.kernel;
            var rnd = m.host.machine.random("workload");
            for (int i = 0; i < 4; i++) {
                long burst = 1_000_000 + rnd.nextLong(5_000_000);
                k.spawn(TaskSpec.process("w" + i), kk -> {
                    for (int j = 0; j < 5; j++) {
                        kk.compute(burst);
                        kk.msleep(1);
                    }
                });
            }
            k.runUntilIdle(10_000_000_000L);
            return m.host.tracer.digest();
        }
    }

    @Test
    void ps_listsIdleAndTasksWithAccounting() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            k.spawn(TaskSpec.kthread("kworker"), kk -> kk.compute(2_000_000));
            k.spawn(TaskSpec.process("user"), kk -> kk.compute(1_000_000));
            k.runUntilIdle(1_000_000_000L);
            List<TaskDTO> ps = k.ps();
            assertEquals("swapper/0", ps.get(0).comm);
            assertEquals("swapper/1", ps.get(1).comm);
            assertFalse(ps.stream().anyMatch(t -> t.comm.equals("user")), "dead tasks leave the table");
        }
    }

    @Test
    void reset_discardsTasksAndTime_andTellsListeners() {
        try (TestMachine m = new TestMachine()) {
            Kernel k = m.host.kernel;
            List<Long> told = new ArrayList<>();
            m.host.addListener(machine -> told.add(machine.now()));
            k.spawn(TaskSpec.process("old"), kk -> kk.compute(50_000_000));
            k.run(10_000_000);
            assertEquals(3, k.ps().size());
            k.reset();
            assertEquals(List.of(0L), told);
            assertEquals(2, k.ps().size(), "only the idle tasks remain");
            assertEquals(0, k.now());
            RunResultDTO r = k.runUntilIdle(1_000_000);
            assertEquals("idle", r.stoppedBy);
        }
    }
}
