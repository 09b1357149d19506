package org.kernellab.irq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.proc.ProcRequest;
import org.kernellab.core.StandaloneMachine;

class IrqProcEntriesTest {

    private static IrqController layer(StandaloneMachine m) {
        IrqLayer l = new IrqLayer(m.kernel(), m.context(), m.machine(), m.tracer());
        m.irqEntry(l);
        return m.boundary().wrap(IrqController.class, l);
    }

    /** The tick on line 0 through the layer, every 4 ms (HZ 250), so that jiffies advance. */
    private static void tick(StandaloneMachine m, long at) {
        m.machine().atBackground(at, now -> {
            m.machine().raiseIrq(0, 0);
            tick(m, now + 4_000_000);
        });
    }

    @Test
    void spurious_afterUnhandledInterrupts_countsWindowAndLastUnhandledInMs() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            IrqController irq = layer(m);
            irq.requestIrq(0, (i, d) -> {
                m.timeKeeping().tick();
                return IrqReturn.HANDLED;
            }, Set.of(), "timer", "t");
            // line 9: handled at 1 ms and 30 ms, unhandled at 10 ms and 21 ms (jiffies 2 and 5)
            IrqReturn[] answers = {IrqReturn.HANDLED, IrqReturn.NONE, IrqReturn.NONE, IrqReturn.HANDLED};
            int[] n = {0};
            irq.requestIrq(9, (i, d) -> answers[n[0]++], Set.of(), "acpi", "a");
            tick(m, 4_000_000);
            for (long ms : new long[] {1, 10, 21, 30}) m.machine().at(ms * 1_000_000 + 1000, now -> m.machine().raiseIrq(9, 0));
            m.kernel().run(40_000_000);

            IrqProcDir dir = new IrqProcDir(irq, m.kernel());
            assertEquals(List.of("0", "9"), dir.list(ProcRequest.of("")));
            assertEquals(List.of("spurious"), dir.list(ProcRequest.of("9")));
            assertNull(dir.list(ProcRequest.of("7")), "line 7 has no handler and never fired: no directory");
            assertNull(dir.read(ProcRequest.of("9/smp_affinity")));
            // kernel/irq/proc.c: count (this window), unhandled (this window), last_unhandled in ms
            assertEquals("count 4\nunhandled 2\nlast_unhandled 20 ms\n", dir.read(ProcRequest.of("9/spurious")));
            assertEquals("count 10\nunhandled 0\nlast_unhandled 0 ms\n", dir.read(ProcRequest.of("0/spurious")));
        }
    }

    @Test
    void interrupts_entry_isTheLayersProcInterrupts() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            IrqController irq = layer(m);
            irq.requestIrq(1, (i, d) -> IrqReturn.HANDLED, Set.of(), "i8042", "kbd");
            m.machine().at(1000, now -> m.machine().raiseIrq(1, 1));
            m.kernel().runUntilIdle(1_000_000);
            InterruptsProcEntry e = new InterruptsProcEntry(irq);
            assertEquals(irq.procInterrupts(), e.read(ProcRequest.of("")));
            assertEquals("           CPU0       CPU1       \n  1:          0          1   KL-APIC   1-edge      i8042\n", e.read(ProcRequest.of("")));
            assertNull(e.list(ProcRequest.of("")), "a file, not a directory");
            assertNull(e.read(ProcRequest.of("x")));
        }
    }

    @Test
    void jiffiesToMsecs_followsLinuxForEveryHz() {
        assertEquals(20, IrqProcDir.jiffiesToMsecs(5, 250));
        assertEquals(5, IrqProcDir.jiffiesToMsecs(5, 1000));
        assertEquals(50, IrqProcDir.jiffiesToMsecs(5, 100));
        assertEquals(17, IrqProcDir.jiffiesToMsecs(5, 300), "HZ 300: 16.67 ms rounded up");
        assertEquals(3, IrqProcDir.jiffiesToMsecs(5, 2000), "HZ 2000: 2.5 ms rounded up");
    }
}
