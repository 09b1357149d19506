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
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.TaskState;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.softirq.SoftirqVector;
import org.kernellab.api.softirq.Tasklet;
import org.kernellab.api.softirq.TaskletCallback;
import org.kernellab.api.softirq.Tasklets;

class TaskletLayerTest {
    private static final int SCHED = 1 << Tasklets.TASKLET_STATE_SCHED;
    private static final int RUN = 1 << Tasklets.TASKLET_STATE_RUN;

    @Test
    void stateBits_haveLinuxBitNumbers() {
        // enum { TASKLET_STATE_SCHED, TASKLET_STATE_RUN } in include/linux/interrupt.h
        assertEquals(0, Tasklets.TASKLET_STATE_SCHED);
        assertEquals(1, Tasklets.TASKLET_STATE_RUN);
    }

    @Test
    void schedule_fromHardirq_runsOnThatCpuInServingSoftirqContextWithRunBitHeld() {
        try (Rig r = new Rig(2)) {
            List<String> seen = new ArrayList<>();
            Tasklet t = r.tasklets.setup("rx", tl -> seen.add("cpu" + r.k.smpProcessorId() + "@" + r.k.now()
                    + " serving=" + r.ctx.inServingSoftirq() + " task=" + r.ctx.inTask() + " irqsoff=" + r.ctx.irqsDisabled()
                    + " state=" + tl.state()));
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            r.irqAt(1_000_000, 5, 1);
            r.k.runUntilIdle(Rig.LIMIT);
            // SCHED is cleared before the callback runs; RUN is held while it runs
            assertEquals(List.of("cpu1@1000000 serving=true task=false irqsoff=false state=" + RUN), seen);
            assertEquals(0, t.state());
            assertEquals(1, r.softirqs.count(SoftirqVector.TASKLET, 1));
            assertEquals(0, r.softirqs.count(SoftirqVector.TASKLET, 0));
            assertEquals(0, r.softirqs.count(SoftirqVector.HI, 1));
        }
    }

    @Test
    void schedule_twiceBeforeItRuns_secondIsNoOpBecauseSchedBitIsSet() {
        try (Rig r = new Rig(1)) {
            int[] runs = {0};
            int[] stateBetween = {-1};
            Tasklet t = r.tasklets.setup("once", tl -> runs[0]++);
            r.handlers[5] = cpu -> {
                r.tasklets.schedule(t);
                stateBetween[0] = t.state();
                r.tasklets.schedule(t);
                r.tasklets.hiSchedule(t);
            };
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(SCHED, stateBetween[0]);
            assertEquals(1, runs[0]);
            assertEquals(0, r.softirqs.count(SoftirqVector.HI, 0), "the hi schedule found SCHED set and queued nothing");
        }
    }

    @Test
    void schedule_fromItsOwnCallback_runsAgainBecauseSchedIsClearedBeforeTheCall() {
        try (Rig r = new Rig(1)) {
            List<Long> runs = new ArrayList<>();
            Tasklet[] self = {null};
            self[0] = r.tasklets.setup("again", tl -> {
                runs.add(r.k.now());
                r.k.compute(10_000);
                if (runs.size() < 3) r.tasklets.schedule(self[0]);
            });
            r.handlers[5] = cpu -> r.tasklets.schedule(self[0]);
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(1_000_000L, 1_010_000L, 1_020_000L), runs);
        }
    }

    @Test
    void hiSchedule_runsFromHiSoftirqBeforeTimerAndTaskletVectors() {
        try (Rig r = new Rig(1)) {
            List<String> order = new ArrayList<>();
            Tasklet normal = r.tasklets.setup("normal", tl -> order.add("tasklet"));
            Tasklet hi = r.tasklets.setup("hi", tl -> order.add("hi tasklet"));
            r.softirqs.open(SoftirqVector.TIMER, v -> order.add("TIMER"));
            r.handlers[5] = cpu -> {
                r.tasklets.schedule(normal);
                r.softirqs.raise(SoftirqVector.TIMER);
                r.tasklets.hiSchedule(hi);
            };
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("hi tasklet", "TIMER", "tasklet"), order);
            assertEquals(1, r.softirqs.count(SoftirqVector.HI, 0));
            assertEquals(1, r.softirqs.count(SoftirqVector.TASKLET, 0));
        }
    }

    @Test
    void runBit_taskletScheduledOnBothCpus_neverRunsOnTwoAtOnceAndTheSecondCpuRequeuesUntilFree() {
        try (Rig r = new Rig(2)) {
            List<String> runs = new ArrayList<>(); // cpu comm start end
            long[] ends = {-1, -1};
            Tasklet t = r.tasklets.setup("shared", tl -> {
                long start = r.k.now();
                r.k.compute(1_000_000);
                ends[runs.size()] = r.k.now();
                runs.add("cpu" + r.k.smpProcessorId() + " " + r.k.current().comm() + " " + start + ".." + r.k.now());
            });
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            busy(r, 0, 5_000_000);
            busy(r, 1, 1_600_000);
            r.irqAt(1_000_000, 5, 0);
            // CPU 0 is inside the callback with RUN held and SCHED already clear: CPU 1's schedule
            // queues the tasklet, and CPU 1's tasklet_action finds the RUN bit taken
            r.irqAt(1_500_000, 5, 1);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(2, runs.size(), runs.toString());
            assertEquals("cpu0 burst0 1000000..2000000", runs.get(0));
            // CPU 1: ten restart rounds at irq_exit, then ksoftirqd/1 (once burst1 is done at
            // 1.602 ms) requeues it on every pass until CPU 0 drops the RUN bit at 2 ms
            String second = runs.get(1);
            assertTrue(second.startsWith("cpu1 ksoftirqd/1 "), runs.toString());
            long start2 = Long.parseLong(second.substring(second.lastIndexOf(' ') + 1, second.indexOf("..")));
            assertTrue(start2 >= ends[0], "second run starts at " + start2 + " before the first ends at " + ends[0]);
            assertTrue(start2 - ends[0] <= TaskletLayer.REQUEUE_NS, "picked up on the first pass after the RUN bit is free: " + start2);
            long passes = r.softirqs.count(SoftirqVector.TASKLET, 1);
            assertTrue(passes > 1_000, "TASKLET served " + passes + " times on CPU 1");
            assertEquals(1, r.softirqs.count(SoftirqVector.TASKLET, 0));
            assertEquals(0, t.state());
        }
    }

    @Test
    void disabledTasklet_isRequeuedAndReraisedUntilEnabled_thenRuns() {
        try (Rig r = new Rig(2)) {
            long[] ranAt = {-1};
            long[] enabledAt = {-1};
            int[] stateWhileDisabled = {-1};
            Tasklet t = r.tasklets.setup("held", tl -> ranAt[0] = r.k.now());
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            r.k.spawn(TaskSpec.process("drv").onCpu(1), k -> {
                r.tasklets.disable(t);
                k.compute(900_000);
                stateWhileDisabled[0] = t.state();
                k.compute(100_000);
                enabledAt[0] = k.now();
                r.tasklets.enable(t);
            });
            r.irqAt(500_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1_000_000, enabledAt[0]);
            assertEquals(SCHED, stateWhileDisabled[0] & SCHED, "still scheduled while disabled");
            assertTrue(ranAt[0] >= enabledAt[0], "ran at " + ranAt[0] + " while disabled");
            assertTrue(ranAt[0] - enabledAt[0] <= TaskletLayer.REQUEUE_NS, "ran at " + ranAt[0]);
            long passes = r.softirqs.count(SoftirqVector.TASKLET, 0);
            assertTrue(passes > 1_000, "TASKLET served " + passes + " times on CPU 0 while the tasklet was disabled");
            assertEquals(0, t.disableCount());
            assertNotNull(r.task("ksoftirqd/0"), "the restart limit handed the spinning over to ksoftirqd");
        }
    }

    @Test
    void disable_waitsForARunInProgressOnAnotherCpu() {
        try (Rig r = new Rig(2)) {
            long[] callbackEnd = {-1};
            long[] disableReturned = {-1};
            Tasklet t = r.tasklets.setup("busy", tl -> {
                r.k.compute(1_000_000);
                callbackEnd[0] = r.k.now();
            });
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            busy(r, 0, 5_000_000);
            r.irqAt(1_000_000, 5, 0);
            r.k.spawn(TaskSpec.process("drv").onCpu(1), k -> {
                k.compute(1_200_000);
                r.tasklets.disable(t);
                disableReturned[0] = k.now();
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(2_000_000, callbackEnd[0]);
            assertTrue(disableReturned[0] >= callbackEnd[0], "tasklet_disable returned at " + disableReturned[0] + " while the tasklet ran");
            assertEquals(1, t.disableCount());
        }
    }

    @Test
    void kill_scheduledTasklet_sleepsUntilItHasRunAndLeavesItUnscheduled() {
        try (Rig r = new Rig(1)) {
            List<String> events = new ArrayList<>();
            Tasklet t = r.tasklets.setup("victim", tl -> {
                r.k.compute(100_000);
                events.add("ran on " + r.k.current().comm() + " until " + r.k.now());
            });
            TaskState[] stateOfKiller = {null};
            Task[] drv = {null};
            drv[0] = r.k.spawn(TaskSpec.process("drv"), k -> {
                // runs while drv sleeps in tasklet_kill, before ksoftirqd gets the CPU
                r.k.spawn(TaskSpec.process("watch"), w -> stateOfKiller[0] = drv[0].state());
                r.tasklets.schedule(t); // from process context: ksoftirqd is woken to run it
                r.tasklets.kill(t);
                events.add("killed at " + k.now());
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(TaskState.UNINTERRUPTIBLE, stateOfKiller[0], "tasklet_kill sleeps uninterruptibly in wait_var_event");
            assertEquals(2, events.size(), events.toString());
            assertTrue(events.get(0).startsWith("ran on ksoftirqd/0"), events.toString());
            long ranUntil = Long.parseLong(events.get(0).substring(events.get(0).lastIndexOf(' ') + 1));
            long killedAt = Long.parseLong(events.get(1).substring("killed at ".length()));
            assertTrue(killedAt >= ranUntil, events.toString());
            assertEquals(0, t.state());
        }
    }

    @Test
    void kill_idleTasklet_returnsAtOnceAndTheTaskletCanBeScheduledAgain() {
        try (Rig r = new Rig(1)) {
            int[] runs = {0};
            Tasklet t = r.tasklets.setup("idle", tl -> runs[0]++);
            long[] killedAt = {-1};
            r.k.spawn(TaskSpec.process("drv"), k -> {
                k.compute(1_000);
                r.tasklets.kill(t);
                killedAt[0] = k.now();
            });
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1_000, killedAt[0]);
            assertEquals(1, runs[0], "tasklet_kill clears SCHED again, so a later schedule works");
        }
    }

    @Test
    void kill_fromInterrupt_printsLinuxNoticeThenTheSleepingFunctionReport() {
        try (Rig r = new Rig(1)) {
            Tasklet t = r.tasklets.setup("t", tl -> { });
            r.handlers[5] = cpu -> r.tasklets.kill(t);
            boolean finished = r.runBurst(2_000_000, 1_000_000).finished;
            String log = r.dmesg();
            int notice = log.indexOf("Attempt to kill tasklet from interrupt");
            int bug = log.indexOf("BUG: sleeping function called from invalid context at ");
            assertTrue(notice >= 0, log);
            assertTrue(bug > notice, log);
            assertTrue(finished);
            assertFalse(r.k.panicked());
        }
    }

    @Test
    void kill_fromInterruptInFailMode_throwsToTheCallerAfterTheNotice() {
        try (Rig r = new Rig(1, ViolationPolicy.FAIL)) {
            Tasklet t = r.tasklets.setup("t", tl -> { });
            String[] report = {null};
            r.handlers[5] = cpu -> {
                try {
                    r.tasklets.kill(t);
                } catch (ContextViolationException e) {
                    report[0] = e.getMessage();
                }
            };
            r.runBurst(2_000_000, 1_000_000);
            assertNotNull(report[0]);
            assertTrue(report[0].contains("in_atomic(): 1, irqs_disabled(): 1"), report[0]);
            assertTrue(r.dmesg().contains("Attempt to kill tasklet from interrupt"), r.dmesg());
        }
    }

    @Test
    void sleepInCallback_isReportedAsSleepingInAtomicContext() {
        try (Rig r = new Rig(1, ViolationPolicy.FAIL)) {
            String[] report = {null};
            Tasklet t = r.tasklets.setup("sleeper", tl -> {
                try {
                    r.k.msleep(1);
                } catch (ContextViolationException e) {
                    report[0] = e.getMessage();
                }
            });
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            r.runBurst(2_000_000, 1_000_000);
            Rig.assertSleepingInSoftirq(report[0]);
        }
    }

    @Test
    void disable_fromInterruptThroughTheBoundary_isRefusedAsASleepingCall() {
        try (Rig r = new Rig(1, ViolationPolicy.FAIL)) {
            Tasklets checked = r.m.boundary().wrap(Tasklets.class, r.tasklets);
            Tasklet t = checked.setup("t", tl -> { });
            String[] report = {null};
            r.handlers[5] = cpu -> {
                try {
                    checked.disable(t);
                } catch (ContextViolationException e) {
                    report[0] = e.getMessage();
                }
                checked.disableNosync(t);
            };
            r.runBurst(2_000_000, 1_000_000);
            assertNotNull(report[0]);
            assertTrue(report[0].startsWith("BUG: sleeping function called from invalid context at "), report[0]);
            assertTrue(report[0].contains("tasklet_disable_nosync"), report[0]);
            assertEquals(1, t.disableCount(), "only the atomic-safe disable_nosync counted");
        }
    }

    @Test
    void throwingCallback_isReportedAndEjected_otherTaskletsRunAndLaterSchedulesAreDropped() {
        try (Rig r = new Rig(1)) {
            TaskletCallback bad = tl -> {
                throw new IllegalStateException("dma on fire");
            };
            Tasklet broken = r.tasklets.setup("broken", bad);
            int[] goodRuns = {0};
            Tasklet good = r.tasklets.setup("good", tl -> goodRuns[0]++);
            r.handlers[5] = cpu -> {
                r.tasklets.schedule(broken);
                r.tasklets.schedule(good);
            };
            assertTrue(r.runBurst(3_000_000, 1_000_000, 2_000_000).finished);
            assertEquals(2, goodRuns[0], "the tasklet after the broken one ran, and the TASKLET action stayed open");
            assertTrue(broken.ejected());
            assertFalse(good.ejected());
            String log = r.dmesg();
            assertTrue(log.contains("tasklet: broken callback " + PluginGuard.symbol(bad) + " failed: java.lang.IllegalStateException: dma on fire"), log);
            assertTrue(log.contains("KernelLab: the tasklet is ejected"), log);
            assertTrue(log.contains("tasklet: broken was ejected after its callback failed; tasklet_schedule dropped"), log);
            assertFalse(log.contains("softirq: TASKLET action"), "the softirq action itself was not ejected: " + log);
            assertFalse(r.k.panicked());
        }
    }

    @Test
    void unbalancedCallback_isReportedNamingTheCallbackAndRepaired() {
        try (Rig r = new Rig(1)) {
            TaskletCallback leaky = tl -> r.ctx.preemptDisable();
            Tasklet t = r.tasklets.setup("leaky", leaky);
            r.handlers[5] = cpu -> r.tasklets.schedule(t);
            Rig.Burst burst = r.runBurst(2_000_000, 1_000_000);
            int off = r.servingOffset();
            String huh = String.format("huh, entered softirq 6 TASKLET %s with preempt_count %08x, exited with %08x?",
                    PluginGuard.symbol(leaky), off, off + 1);
            String log = r.dmesg();
            assertTrue(log.contains(huh), log);
            assertFalse(log.contains("tasklet_action with"), "repaired before the vector's own check: " + log);
            assertEquals(0, burst.preemptCountAfter);
        }
    }

    @Test
    void taskletActions_areReportedUnderTheirLinuxNames() {
        try (Rig r = new Rig(1)) {
            // the actions the layer opened (softirq_init) carry Linux's symbols for the vector-level report
            List<String> names = new ArrayList<>();
            for (SoftirqVector v : new SoftirqVector[] {SoftirqVector.TASKLET, SoftirqVector.HI}) {
                names.add(v + "=" + openedActionSymbol(r, v));
            }
            assertEquals(List.of("TASKLET=tasklet_action", "HI=tasklet_hi_action"), names);
        }
    }

    /** A CPU-bound process pinned to {@code cpu}, so that interrupts there arrive in a task. */
    private static void busy(Rig r, int cpu, long ns) {
        r.k.spawn(TaskSpec.process("burst" + cpu).onCpu(cpu), k -> k.compute(ns));
    }

    private static String openedActionSymbol(Rig r, SoftirqVector v) {
        return PluginGuard.symbol(r.softirqs.action(v));
    }

    @Test
    void reset_forgetsScheduledStateButKeepsTheDisableCount() {
        try (Rig r = new Rig(1)) {
            int[] runs = {0};
            Tasklet t = r.tasklets.setup("t", tl -> runs[0]++);
            r.k.spawn(TaskSpec.process("drv"), k -> {
                r.tasklets.disableNosync(t);
                r.tasklets.schedule(t);
                k.compute(10_000);
            });
            r.k.run(50_000);
            assertEquals(SCHED, t.state() & SCHED);
            r.k.reset();
            assertEquals(0, t.state(), "a new machine generation: nothing is queued");
            assertEquals(1, t.disableCount());
            r.handlers[5] = cpu -> {
                r.tasklets.enable(t);
                r.tasklets.schedule(t);
            };
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, runs[0]);
        }
    }

    @Test
    void badArguments_areRefusedWithTheArgumentNamed() {
        try (Rig r = new Rig(1)) {
            assertEquals("name of a tasklet must not be empty",
                    assertThrows(IllegalArgumentException.class, () -> r.tasklets.setup("", tl -> { })).getMessage());
            assertEquals("callback of tasklet rx must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.tasklets.setup("rx", null)).getMessage());
            assertEquals("tasklet must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.tasklets.schedule(null)).getMessage());
            Tasklet foreign = new TaskletLayer(r.k, r.m.machine(), r.softirqs).setup("other", tl -> { });
            String msg = assertThrows(IllegalArgumentException.class, () -> r.tasklets.schedule(foreign)).getMessage();
            assertTrue(msg.startsWith("tasklet other was not set up by this softirq layer"), msg);
            Tasklet t = r.tasklets.setup("t", tl -> { });
            IllegalStateException outside = assertThrows(IllegalStateException.class, () -> r.tasklets.schedule(t));
            assertTrue(outside.getMessage().startsWith("smp_processor_id() must be called from a simulated task"), outside.getMessage());
            String[] enable = {null};
            r.k.spawn(TaskSpec.process("drv"), k -> {
                try {
                    r.tasklets.enable(t);
                } catch (IllegalStateException e) {
                    enable[0] = e.getMessage();
                }
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertNotNull(enable[0]);
            assertTrue(enable[0].startsWith("tasklet_enable: tasklet t is not disabled (disable count 0)"), enable[0]);
        }
    }

    @Test
    void perBundle_selfReschedulingTaskletLeft_isHeldAndReleaseKillsIt() {
        try (Rig r = new Rig(1)) {
            Tasklets leakyView = r.tasklets.open(new Holder(42, "kernel.driver.leaky", "1.0.0"));
            Tasklets tidyView = r.tasklets.open(new Holder(43, "kernel.driver.tidy", "1.0.0"));
            Tasklets leaky = r.m.boundary().wrap(Tasklets.class, leakyView);
            Tasklets tidy = r.m.boundary().wrap(Tasklets.class, tidyView);
            int[] runs = {0, 0};
            Tasklet[] spin = {null};
            spin[0] = leaky.setup("spin", t -> {
                runs[0]++;
                r.k.compute(10_000);
                leaky.schedule(t);
            });
            leaky.setup("idle", t -> { });
            Tasklet once = tidy.setup("once", t -> runs[1]++);
            r.handlers[5] = cpu -> {
                leaky.schedule(spin[0]);
                tidy.schedule(once);
            };
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(2_000_000);
            assertTrue(runs[0] > 10, "it runs again and again: " + runs[0]);
            assertEquals(1, runs[1]);

            List<LeakDTO> held = r.tasklets.held(leakyView);
            assertEquals(1, held.size(), "the idle tasklet holds nothing");
            assertEquals("tasklet", held.get(0).kind);
            assertTrue(held.get(0).object.startsWith("spin (org.kernellab.softirq.impl.TaskletLayerTest$$Lambda"), held.get(0).object);
            assertEquals("running", held.get(0).state, "the run stopped half-way through the callback's compute");
            assertEquals("tasklet_kill()", held.get(0).released);
            assertEquals(List.of(), r.tasklets.held(tidyView));

            r.tasklets.release(leakyView);
            int after = runs[0];
            assertEquals(RUN, spin[0].state(), "a safe point cannot wait: the callback finishes its run");
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(0, spin[0].state(), "and its schedule is dropped: unscheduled, as tasklet_kill leaves it");
            assertEquals(after, runs[0], "a released tasklet never runs again");
            assertEquals(List.of(), r.tasklets.held(leakyView));
            r.handlers[5] = cpu -> leaky.schedule(spin[0]);
            r.irqAt(r.k.now() + 1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(after, runs[0], "schedules through the released object are dropped");
        }
    }
}
