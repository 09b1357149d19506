package org.kernellab.softirq.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.ContextViolationException;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.softirq.SoftirqAction;
import org.kernellab.api.softirq.SoftirqVector;

class SoftirqLayerTest {

    @Test
    void irqExit_pendingVector_runsOnInterruptedTaskWithIrqsEnabledAndBottomHalvesCounted() {
        try (Rig r = new Rig(1)) {
            List<String> seen = new ArrayList<>();
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.NET_RX);
            r.softirqs.open(SoftirqVector.NET_RX, v -> seen.add(r.k.now() + " " + v + " on " + r.k.current().comm()
                    + " hardirq=" + r.ctx.inHardirq() + " softirq=" + r.ctx.inSoftirq() + " interrupt=" + r.ctx.inInterrupt()
                    + " irqsoff=" + r.ctx.irqsDisabled() + " pc=" + Integer.toHexString(r.ctx.preemptCount())));
            int[] pcAfter = {-1};
            r.k.spawn(TaskSpec.process("burst"), k -> {
                k.compute(10_000_000);
                pcAfter[0] = k.context().preemptCount();
            });
            r.irqAt(4_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("4000000 NET_RX on burst hardirq=false softirq=true interrupt=true irqsoff=false pc="
                    + Integer.toHexString(r.servingOffset())), seen);
            assertEquals(0, pcAfter[0], "the serving offset is dropped again at the end");
            assertEquals(1, r.softirqs.count(SoftirqVector.NET_RX, 0));
            assertEquals(0, r.softirqs.pending(0));
        }
    }

    @Test
    void handleSoftirqs_severalPending_runsLowestBitFirst() {
        try (Rig r = new Rig(1)) {
            List<SoftirqVector> order = new ArrayList<>();
            for (SoftirqVector v : SoftirqVector.values()) r.softirqs.open(v, order::add);
            r.handlers[5] = cpu -> {
                r.softirqs.raise(SoftirqVector.RCU);
                r.softirqs.raise(SoftirqVector.NET_RX);
                r.softirqs.raise(SoftirqVector.HI);
                r.softirqs.raise(SoftirqVector.TIMER);
            };
            r.k.spawn(TaskSpec.process("burst"), k -> k.compute(1_000_000));
            r.irqAt(500_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of(SoftirqVector.HI, SoftirqVector.TIMER, SoftirqVector.NET_RX, SoftirqVector.RCU), order);
        }
    }

    @Test
    void restart_handlerReraisesItself_stopsAfterTenRoundsAndKsoftirqdRunsTheRest() {
        try (Rig r = new Rig(1)) {
            List<String> ranOn = new ArrayList<>();
            r.softirqs.open(SoftirqVector.TIMER, v -> {
                ranOn.add(r.k.current().comm());
                r.k.compute(1_000);
                if (ranOn.size() < 25) r.softirqs.raise(SoftirqVector.TIMER);
            });
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.TIMER);
            r.k.spawn(TaskSpec.process("burst"), k -> k.compute(5_000_000));
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(25, ranOn.size());
            assertEquals(SoftirqLayer.MAX_SOFTIRQ_RESTART, Collections.frequency(ranOn, "burst"), ranOn.toString());
            assertEquals(15, Collections.frequency(ranOn, "ksoftirqd/0"), ranOn.toString());
        }
    }

    @Test
    void restart_after2msOfVirtualTime_stopsAndKsoftirqdRunsTheRest() {
        try (Rig r = new Rig(1)) {
            List<String> ranOn = new ArrayList<>();
            r.softirqs.open(SoftirqVector.NET_RX, v -> {
                ranOn.add(r.k.current().comm() + "@" + r.k.now() / 100_000);
                r.k.compute(1_500_000);
                if (ranOn.size() < 4) r.softirqs.raise(SoftirqVector.NET_RX);
            });
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.NET_RX);
            r.k.spawn(TaskSpec.process("burst"), k -> k.compute(5_000_000));
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            // round 1 ends at 2.5 ms (< 1 + 2 ms): restart; round 2 ends at 4 ms: hand over to ksoftirqd,
            // which runs once burst has finished its 5 ms of CPU time (at 8 ms)
            assertEquals(List.of("burst@10", "burst@25", "ksoftirqd/0@80", "ksoftirqd/0@95"), ranOn);
        }
    }

    @Test
    void raise_fromProcessContext_wakesSleepingKsoftirqdWhichRunsTheVector() {
        try (Rig r = new Rig(2)) {
            r.boot();
            TaskDTO ks0 = r.task("ksoftirqd/0");
            assertNotNull(ks0);
            assertEquals("S", ks0.state, "ksoftirqd sleeps while nothing is pending");
            List<String> ranOn = new ArrayList<>();
            r.softirqs.open(SoftirqVector.TASKLET, v -> ranOn.add(r.k.current().comm() + " cpu" + r.k.smpProcessorId()));
            r.k.spawn(TaskSpec.process("raiser").onCpu(0), k -> {
                r.softirqs.raise(SoftirqVector.TASKLET);
                k.compute(1_000_000);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("ksoftirqd/0 cpu0"), ranOn);
        }
    }

    @Test
    void raise_withBottomHalvesDisabled_runsAtLocalBhEnableOnTheCallingTask() {
        try (Rig r = new Rig(1)) {
            List<String> events = new ArrayList<>();
            r.softirqs.open(SoftirqVector.NET_TX, v -> events.add("NET_TX on " + r.k.current().comm()));
            r.k.spawn(TaskSpec.process("sender"), k -> {
                k.context().localBhDisable();
                r.softirqs.raise(SoftirqVector.NET_TX);
                k.compute(1_000);
                events.add("still disabled");
                k.context().localBhEnable();
                events.add("enabled");
            });
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("still disabled", "NET_TX on sender", "enabled"), events);
        }
    }

    @Test
    void hardIrqDuringHandler_isTakenAndItsRaiseRunsInTheNextRoundNotNested() {
        try (Rig r = new Rig(1)) {
            List<String> events = new ArrayList<>();
            r.softirqs.open(SoftirqVector.NET_RX, v -> {
                events.add("NET_RX start");
                r.k.compute(1_000_000);
                events.add("NET_RX end");
            });
            r.softirqs.open(SoftirqVector.TIMER, v -> events.add("TIMER@" + r.k.now()));
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.NET_RX);
            r.handlers[6] = cpu -> {
                events.add("irq 6@" + r.k.now());
                r.softirqs.raise(SoftirqVector.TIMER);
            };
            r.k.spawn(TaskSpec.process("burst"), k -> k.compute(5_000_000));
            r.irqAt(1_000_000, 5, 0);
            r.irqAt(1_500_000, 6, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("NET_RX start", "irq 6@1500000", "NET_RX end", "TIMER@2000000"), events);
        }
    }

    @Test
    void procSoftirqs_afterServing_matchesLinuxLayout() {
        try (Rig r = new Rig(2)) {
            for (SoftirqVector v : SoftirqVector.values()) r.softirqs.open(v, x -> { });
            r.handlers[5] = cpu -> r.softirqs.raise(cpu == 0 ? SoftirqVector.NET_RX : SoftirqVector.TIMER);
            r.irqAt(1_000_000, 5, 0);
            r.irqAt(2_000_000, 5, 0);
            r.irqAt(1_000_000, 5, 1);
            r.k.runUntilIdle(Rig.LIMIT);
            String expected = ""
                    + "                    CPU0       CPU1       \n"
                    + "          HI:          0          0\n"
                    + "       TIMER:          0          1\n"
                    + "      NET_TX:          0          0\n"
                    + "      NET_RX:          2          0\n"
                    + "       BLOCK:          0          0\n"
                    + "    IRQ_POLL:          0          0\n"
                    + "     TASKLET:          0          0\n"
                    + "       SCHED:          0          0\n"
                    + "     HRTIMER:          0          0\n"
                    + "         RCU:          0          0\n";
            assertEquals(expected, r.softirqs.procSoftirqs());
            assertEquals(2, r.softirqs.stats().get(SoftirqVector.NET_RX.ordinal()).perCpu[0]);
        }
    }

    @Test
    void unbalancedHandler_leavesPreemptionDisabled_isReportedAndRepaired() {
        try (Rig r = new Rig(1)) {
            SoftirqAction leaky = v -> r.ctx.preemptDisable();
            r.softirqs.open(SoftirqVector.NET_RX, leaky);
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.NET_RX);
            Rig.Burst burst = r.runBurst(2_000_000, 1_000_000);
            int off = r.servingOffset();
            String huh = String.format("huh, entered softirq 3 NET_RX %s with preempt_count %08x, exited with %08x?",
                    PluginGuard.symbol(leaky), off, off + 1);
            String log = r.dmesg();
            assertTrue(log.contains(huh), log);
            assertTrue(log.contains(String.format("KernelLab: the softirq layer restored preempt_count to %08x", off)), log);
            assertEquals(0, burst.preemptCountAfter, "the task gets its CPU back with a clean count");
        }
    }

    @Test
    void throwingHandler_isReportedAndRemoved_machineCarriesOn() {
        try (Rig r = new Rig(1)) {
            r.softirqs.open(SoftirqVector.NET_RX, v -> {
                throw new IllegalStateException("nic on fire");
            });
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.NET_RX);
            assertTrue(r.runBurst(3_000_000, 1_000_000, 2_000_000).finished);
            String log = r.dmesg();
            assertTrue(log.contains("failed: java.lang.IllegalStateException: nic on fire"), log);
            assertTrue(log.contains("softirq: NET_RX raised but no action is open; dropped"), log);
            assertEquals(1, r.softirqs.count(SoftirqVector.NET_RX, 0));
            assertFalse(r.k.panicked());
        }
    }

    @Test
    void sleepInHandler_isReportedAsSleepingInAtomicContext() {
        try (Rig r = new Rig(1, ViolationPolicy.FAIL)) {
            String[] report = {null};
            r.softirqs.open(SoftirqVector.BLOCK, v -> {
                try {
                    r.k.msleep(1);
                } catch (ContextViolationException e) {
                    report[0] = e.getMessage();
                }
            });
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.BLOCK);
            r.runBurst(2_000_000, 1_000_000);
            Rig.assertSleepingInSoftirq(report[0]);
        }
    }

    @Test
    void handler_runsInServingSoftirqContext() {
        try (Rig r = new Rig(1)) {
            List<String> seen = new ArrayList<>();
            r.softirqs.open(SoftirqVector.NET_RX, v -> seen.add("serving=" + r.ctx.inServingSoftirq() + " task=" + r.ctx.inTask()));
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.NET_RX);
            r.k.spawn(TaskSpec.process("burst"), k -> k.compute(2_000_000));
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(List.of("serving=true task=false"), seen);
        }
    }

    @Test
    void ksoftirqd_onePerCpu_boundKernelThreads() {
        try (Rig r = new Rig(2)) {
            r.boot();
            for (int c = 0; c < 2; c++) {
                TaskDTO t = r.task("ksoftirqd/" + c);
                assertNotNull(t, "ksoftirqd/" + c);
                assertTrue(t.kernelThread);
                assertEquals(c, t.cpu);
            }
        }
    }

    @Test
    void ksoftirqd_isAKthread_parkedItRunsNothingUntilUnparkedAndStopEndsIt() {
        try (Rig r = new Rig(1)) {
            r.boot();
            Kthread ks = r.softirqs.ksoftirqd(0);
            assertNotNull(ks);
            List<String> ranAt = new ArrayList<>();
            r.softirqs.open(SoftirqVector.NET_TX, v -> ranAt.add(r.k.current().comm() + "@" + r.k.now()));
            int[] stopped = {-1};
            r.k.spawn(TaskSpec.process("ctl"), k -> {
                assertEquals(0, r.kthreads.park(ks));
                r.softirqs.raise(SoftirqVector.NET_TX); // from process context: wakes ksoftirqd, which stays parked
                k.compute(1_000_000);
                ranAt.add("unpark@" + k.now());
                r.kthreads.unpark(ks);
                k.yieldCpu();
                stopped[0] = r.kthreads.stop(ks);
            });
            r.k.runUntilIdle(Rig.LIMIT);
            // nothing ran while parked; the vector runs in ksoftirqd at the instant it is unparked
            assertEquals(2, ranAt.size(), ranAt.toString());
            String unparkedAt = ranAt.get(0).substring("unpark@".length());
            assertEquals("ksoftirqd/0@" + unparkedAt, ranAt.get(1));
            assertEquals(0, stopped[0]);
            assertTrue(ks.exited());
        }
    }

    @Test
    void reset_startsFromCleanCountsAndRespawnsKsoftirqd() {
        try (Rig r = new Rig(1)) {
            r.softirqs.open(SoftirqVector.HI, v -> { });
            r.handlers[5] = cpu -> r.softirqs.raise(SoftirqVector.HI);
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, r.softirqs.count(SoftirqVector.HI, 0));
            r.k.reset();
            assertEquals(0, r.softirqs.count(SoftirqVector.HI, 0));
            assertEquals(null, r.task("ksoftirqd/0"));
            r.irqAt(1_000_000, 5, 0);
            r.k.runUntilIdle(Rig.LIMIT);
            assertEquals(1, r.softirqs.count(SoftirqVector.HI, 0));
            assertNotNull(r.task("ksoftirqd/0"));
        }
    }

    @Test
    void badArguments_areRefusedWithTheArgumentNamed() {
        try (Rig r = new Rig(2)) {
            assertEquals("cpu 2 does not exist; this machine has CPUs 0..1",
                    assertThrows(IllegalArgumentException.class, () -> r.softirqs.pending(2)).getMessage());
            assertEquals("vector must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.softirqs.raise(null)).getMessage());
            assertEquals("action for softirq HI must not be null",
                    assertThrows(IllegalArgumentException.class, () -> r.softirqs.open(SoftirqVector.HI, null)).getMessage());
            IllegalStateException outside = assertThrows(IllegalStateException.class, () -> r.softirqs.raise(SoftirqVector.HI));
            assertTrue(outside.getMessage().startsWith("smp_processor_id() must be called from a simulated task"), outside.getMessage());
        }
    }
}
