package org.kernellab.irq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.LogLineDTO;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqHandler;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.core.StandaloneMachine;

class IrqLayerTest {

    private static IrqController layer(StandaloneMachine m) {
        IrqLayer l = new IrqLayer(m.kernel(), m.context(), m.machine(), m.tracer());
        m.irqEntry(l);
        return m.boundary().wrap(IrqController.class, l);
    }

    private static String dmesg(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (LogLineDTO l : k.dmesg()) sb.append(l.text).append('\n');
        return sb.toString();
    }

    @Test
    void requestIrq_badRequests_returnLinuxErrnos() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            assertEquals(-Errno.EINVAL, irq.requestIrq(64, (i, d) -> IrqReturn.HANDLED, Set.of(), "x", null));
            assertEquals(-Errno.EINVAL, irq.requestThreadedIrq(3, null, (i, d) -> IrqReturn.HANDLED, Set.of(), "t", null));
            assertTrue(dmesg(m.kernel()).contains("Threaded irq requested with handler=NULL and !ONESHOT for t (irq 3)"));
            assertEquals(0, irq.requestIrq(4, (i, d) -> IrqReturn.HANDLED, Set.of(), "a", "A"));
            assertEquals(-Errno.EBUSY, irq.requestIrq(4, (i, d) -> IrqReturn.HANDLED, Set.of(), "b", "B"));
            assertEquals(0, irq.requestIrq(5, (i, d) -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "s1", "1"));
            assertEquals(0, irq.requestIrq(5, (i, d) -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "s2", "2"));
            assertEquals("s1", irq.freeIrq(5, "1"));
        }
    }

    @Test
    void interrupts_countedPerCpu_procInterruptsInLinuxFormat() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            IrqController irq = layer(m);
            irq.requestIrq(1, (i, d) -> IrqReturn.HANDLED, Set.of(), "i8042", "kbd");
            irq.requestIrq(9, (i, d) -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "acpi", "a");
            irq.requestIrq(9, (i, d) -> IrqReturn.NONE, Set.of(IrqFlag.SHARED), "ehci_hcd", "e");
            for (int n = 0; n < 3; n++) m.machine().at(1000 * (n + 1), now -> m.machine().raiseIrq(1, 0));
            m.machine().at(5000, now -> m.machine().raiseIrq(9, 1));
            m.kernel().runUntilIdle(1_000_000);
            String text = irq.procInterrupts();
            String expected = "           CPU0       CPU1       \n"
                    + "  1:          3          0   KL-APIC   1-edge      i8042\n"
                    + "  9:          0          1   KL-APIC   9-edge      acpi, ehci_hcd\n";
            assertEquals(expected, text);
        }
    }

    @Test
    void threadedIrq_runsInProcessContextInItsOwnThread() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            List<String> seen = new ArrayList<>();
            irq.requestThreadedIrq(7, (i, d) -> {
                seen.add("primary hardirq=" + k.context().inHardirq());
                return IrqReturn.WAKE_THREAD;
            }, (i, d) -> {
                seen.add("thread " + k.current().comm() + " task=" + k.context().inTask());
                k.msleep(0);
                return IrqReturn.HANDLED;
            }, EnumSet.of(IrqFlag.ONESHOT), "disk", "d");
            m.machine().at(10_000, now -> m.machine().raiseIrq(7, 0));
            k.run(50_000_000);
            assertEquals(List.of("primary hardirq=true", "thread irq/7-disk task=true"), seen);
            assertTrue(!dmesg(k).contains("BUG:"), dmesg(k));
            // kernel/irq/manage.c setup_irq_thread(): SCHED_FIFO at MAX_RT_PRIO / 2
            var thread = k.ps().stream().filter(t -> t.comm.equals("irq/7-disk")).findFirst().orElseThrow();
            assertEquals("FIFO", thread.policy);
            assertEquals(49, thread.prio);
        }
    }

    @Test
    void disableIrq_holdsTheLineUntilTheMatchingEnable_thenDeliversIt() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            List<Long> handled = new ArrayList<>();
            irq.requestIrq(4, (i, d) -> {
                handled.add(k.now());
                return IrqReturn.HANDLED;
            }, Set.of(), "uart", "u");
            k.spawn(TaskSpec.kthread("driver"), kk -> {
                irq.disableIrq(4);
                irq.disableIrq(4); // nested: depth 2
                kk.compute(5_000);
                irq.enableIrq(4); // depth 1: still held
                kk.compute(5_000);
                irq.enableIrq(4); // depth 0: the pending edge is delivered now
                kk.compute(5_000);
                irq.enableIrq(4); // one too many
            });
            m.machine().at(1_000, now -> m.machine().raiseIrq(4, 0));
            k.runUntilIdle(1_000_000);
            assertEquals(List.of(10_000L), handled);
            assertEquals(0, irq.lines().stream().filter(l -> l.irq == 4).findFirst().orElseThrow().disableDepth);
            assertTrue(dmesg(k).contains("WARNING: Unbalanced enable for IRQ 4"), dmesg(k));
        }
    }

    @Test
    void nestable_higherPriorityLineNestsIntoLowerOnesHandler() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            List<String> seen = new ArrayList<>();
            irq.requestIrq(8, (i, d) -> {
                seen.add("8 enter @" + k.now());
                k.compute(100_000);
                seen.add("8 exit @" + k.now());
                return IrqReturn.HANDLED;
            }, EnumSet.of(IrqFlag.NESTABLE), "slow", "s");
            irq.requestIrq(3, (i, d) -> {
                seen.add("3 @" + k.now() + " hardirq depth " + k.context().layout().hardirqCount(k.context().preemptCount()));
                return IrqReturn.HANDLED;
            }, Set.of(), "fast", "f");
            k.spawn(TaskSpec.process("idle-ish"), kk -> kk.compute(1_000_000));
            m.machine().at(10_000, now -> m.machine().raiseIrq(8, 0));
            m.machine().at(50_000, now -> m.machine().raiseIrq(3, 0));
            k.runUntilIdle(10_000_000);
            assertEquals(List.of("8 enter @10000", "3 @50000 hardirq depth 2", "8 exit @110000"), seen);
        }
    }

    @Test
    void unhandledStorm_isDisabledAsNobodyCared() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            irq.requestIrq(11, (i, d) -> IrqReturn.NONE, Set.of(), "broken", "b");
            storm(m, 100, 100_000 + 10);
            m.kernel().runUntilIdle(1_000_000_000L);
            String log = dmesg(m.kernel());
            assertTrue(log.contains("irq 11: nobody cared (try booting with the \"irqpoll\" option)"), log);
            assertTrue(log.contains("Disabling IRQ #11"), log);
            assertEquals(100_000, irq.lines().get(0).perCpu[0], "the line was masked after the 100,000th interrupt");
        }
    }

    @Test
    void throwingHandler_isEjected_theLineGoesOnWithItsOtherActions() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            List<String> seen = new ArrayList<>();
            irq.requestIrq(5, (i, d) -> {
                seen.add("bad");
                throw new IllegalStateException("driver bug");
            }, Set.of(IrqFlag.SHARED), "bad", "b");
            irq.requestIrq(5, (i, d) -> {
                seen.add("good");
                return IrqReturn.HANDLED;
            }, Set.of(IrqFlag.SHARED), "good", "g");
            m.machine().at(1_000, now -> m.machine().raiseIrq(5, 0));
            m.machine().at(2_000, now -> m.machine().raiseIrq(5, 0));
            k.runUntilIdle(1_000_000);
            assertEquals(List.of("bad", "good", "good"), seen);
            String log = dmesg(k);
            assertTrue(log.contains("irq 5: handler of bad failed: java.lang.IllegalStateException: driver bug"), log);
            assertTrue(log.contains("KernelLab: the action is ejected (freed as by free_irq)"), log);
            assertEquals(List.of("good"), List.of(irq.lines().get(0).actions));
            // freed already: a second free is Linux's warning
            assertEquals(null, irq.freeIrq(5, "b"));
            assertTrue(dmesg(k).contains("Trying to free already-free IRQ 5"));
        }
    }

    @Test
    void freeIrq_endsTheThreadOfAThreadedAction_andAThrowingThreadIsEjected() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            irq.requestThreadedIrq(6, (i, d) -> IrqReturn.WAKE_THREAD, (i, d) -> IrqReturn.HANDLED,
                    EnumSet.of(IrqFlag.ONESHOT), "quiet", "q");
            irq.requestThreadedIrq(7, (i, d) -> IrqReturn.WAKE_THREAD, (i, d) -> {
                throw new IllegalStateException("thread bug");
            }, EnumSet.of(IrqFlag.ONESHOT), "loud", "l");
            k.run(1_000_000);
            assertTrue(alive(k, "irq/6-quiet") && alive(k, "irq/7-loud"));
            assertEquals("quiet", irq.freeIrq(6, "q"));
            m.machine().at(k.now() + 1_000, now -> m.machine().raiseIrq(7, 0));
            k.run(1_000_000);
            assertTrue(!alive(k, "irq/6-quiet"), "free_irq stops the irq thread");
            assertTrue(!alive(k, "irq/7-loud"), "an ejected threaded handler's thread ends");
            assertTrue(dmesg(k).contains("irq 7: threaded handler of loud failed: java.lang.IllegalStateException: thread bug"), dmesg(k));
            assertTrue(irq.lines().stream().noneMatch(l -> l.actions.length > 0), "both actions are gone");
        }
    }

    @Test
    void edgeIrq_firingOnASecondCpuWhileHandled_isReplayedOnTheFirst_neverTwiceAtOnce() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            List<String> seen = new ArrayList<>();
            irq.requestIrq(5, (i, d) -> {
                seen.add("enter cpu" + k.smpProcessorId() + " @" + k.now());
                k.compute(100_000);
                seen.add("exit cpu" + k.smpProcessorId() + " @" + k.now());
                return IrqReturn.HANDLED;
            }, Set.of(), "dev", "d");
            m.machine().at(1_000_000, now -> m.machine().raiseIrq(5, 0));
            m.machine().at(1_050_000, now -> m.machine().raiseIrq(5, 1));
            k.runUntilIdle(10_000_000);
            // kernel/irq/chip.c handle_edge_irq: CPU 1 marks it pending; CPU 0 runs the handler again
            assertEquals(List.of("enter cpu0 @1000000", "exit cpu0 @1100000", "enter cpu0 @1100000", "exit cpu0 @1200000"), seen);
            // counted once, on the CPU that handled it (kstat before the replay loop)
            assertEquals(List.of(1L, 0L), java.util.Arrays.stream(irq.lines().get(0).perCpu).boxed().toList());
            // the line is unmasked again: a later interrupt on CPU 1 runs there
            seen.clear();
            m.machine().at(k.now() + 1_000, now -> m.machine().raiseIrq(5, 1));
            k.runUntilIdle(10_000_000);
            assertEquals("enter cpu1", seen.get(0).substring(0, 10));
        }
    }

    @Test
    void perCpuIrq_runsOnEveryCpuAtOnce() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            IrqController irq = layer(m);
            Kernel k = m.kernel();
            List<String> seen = new ArrayList<>();
            irq.requestIrq(0, (i, d) -> {
                seen.add("enter cpu" + k.smpProcessorId() + " @" + k.now());
                k.compute(100_000);
                return IrqReturn.HANDLED;
            }, EnumSet.of(IrqFlag.PERCPU), "timer", "t");
            m.machine().at(1_000_000, now -> m.machine().raiseIrq(0, 0));
            m.machine().at(1_050_000, now -> m.machine().raiseIrq(0, 1));
            // both CPUs idle: each handler computes on the idle task it interrupted
            k.runUntilIdle(10_000_000);
            assertEquals(List.of("enter cpu0 @1000000", "enter cpu1 @1050000"), seen);
        }
    }

    @Test
    void perBundle_linesStillRequested_areHeldLeaks_andReleaseFreesOnlyThose() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqLayer l = new IrqLayer(m.kernel(), m.context(), m.machine(), m.tracer());
            m.irqEntry(l);
            IrqController leakyView = l.open(new Holder(42, "kernel.driver.leaky", "1.0.0"));
            IrqController tidyView = l.open(new Holder(43, "kernel.driver.tidy", "1.0.0"));
            IrqController leaky = m.boundary().wrap(IrqController.class, leakyView);
            IrqController tidy = m.boundary().wrap(IrqController.class, tidyView);
            assertEquals(0, leaky.requestIrq(9, (i, d) -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "leaky", "L"));
            assertEquals(0, leaky.requestThreadedIrq(10, null, (i, d) -> IrqReturn.HANDLED, Set.of(IrqFlag.ONESHOT), "leakyt", "LT"));
            assertEquals(0, leaky.requestIrq(11, (i, d) -> IrqReturn.HANDLED, Set.of(), "freed", "F"));
            assertEquals(0, tidy.requestIrq(9, (i, d) -> IrqReturn.HANDLED, Set.of(IrqFlag.SHARED), "tidy", "T"));
            assertEquals("freed", leaky.freeIrq(11, "F"));
            m.kernel().runUntilIdle(1_000_000);
            assertTrue(alive(m.kernel(), "irq/10-leakyt"));

            List<LeakDTO> held = l.held(leakyView);
            assertEquals(List.of("9 (leaky)", "10 (leakyt)"), held.stream().map(x -> x.object).toList());
            assertEquals("requested, threaded", held.get(1).state);
            assertEquals("synchronize_irq(9) + free_irq(9)", held.get(0).released);
            assertEquals("call free_irq() in your deactivate", held.get(0).fix);
            assertEquals(List.of("9 (tidy)"), l.held(tidyView).stream().map(x -> x.object).toList(), "each view holds its own");

            l.release(leakyView);
            m.kernel().runUntilIdle(1_000_000);
            assertEquals(List.of("tidy"), List.of(tidy.lines().get(0).actions));
            assertEquals(1, tidy.lines().size(), "line 10 is free");
            assertFalse(alive(m.kernel(), "irq/10-leakyt"), "the irq thread ends with its action");
            assertEquals(List.of(), l.held(leakyView));
            assertEquals(-Errno.EINVAL, leaky.requestIrq(12, (i, d) -> IrqReturn.HANDLED, Set.of(), "late", "X"),
                    "a released view takes no new line");
            assertEquals(0, tidy.requestIrq(10, (i, d) -> IrqReturn.HANDLED, Set.of(), "again", "A"), "the freed line can be requested");
        }
    }

    private static boolean alive(Kernel k, String comm) {
        return k.ps().stream().anyMatch(t -> t.comm.equals(comm));
    }

    private static void storm(StandaloneMachine m, long at, int left) {
        if (left == 0) return;
        m.machine().at(at, now -> {
            m.machine().raiseIrq(11, 0);
            storm(m, now + 100, left - 1);
        });
    }
}
