package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.KernelContext;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.CpuStateDTO;
import org.kernellab.api.dto.TraceEventDTO;

/** Kernel.cpuStates() (what the live view shows) and Tracer.eventsFrom() (how it follows the trace). */
class CpuStatesTest {

    @Test
    void cpuStates_midHandlerAndUnderBhDisable_decodePreemptCountByField() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            KernelContext ctx = m.host.context;
            m.handlers[5] = (irq, cpu) -> k.compute(50_000);
            int a = k.spawn(TaskSpec.process("a").onCpu(0), kk -> kk.compute(10_000_000)).pid();
            int b = k.spawn(TaskSpec.process("b").onCpu(1), kk -> {
                ctx.preemptDisable();
                ctx.localBhDisable();
                kk.compute(10_000_000);
                ctx.localBhEnable();
                ctx.preemptEnable();
            }).pid();
            int c = k.spawn(TaskSpec.process("c").onCpu(1), kk -> kk.compute(1_000_000)).pid();
            m.host.machine.at(2_000_000, now -> m.host.machine.raiseIrq(5, 0));
            k.run(2_010_000);

            List<CpuStateDTO> cpus = k.cpuStates();
            assertEquals(2, cpus.size());
            CpuStateDTO c0 = cpus.get(0);
            assertEquals(a, c0.currentPid);
            assertEquals("a", c0.currentComm);
            assertEquals("hardirq", c0.context, "10 us into the 50 us handler");
            assertEquals(1, c0.hardirqCount);
            assertEquals(0, c0.preemptDepth);
            assertTrue(c0.irqsDisabled, "a hard-IRQ handler runs with local interrupts off");
            assertEquals("linux-6", c0.layout);

            CpuStateDTO c1 = cpus.get(1);
            assertEquals(b, c1.currentPid);
            assertEquals("task", c1.context, "bh disabled is not serving a softirq");
            assertEquals(1, c1.preemptDepth);
            assertEquals(2, c1.softirqCount, "local_bh_disable adds SOFTIRQ_DISABLE_OFFSET, two in the field");
            assertEquals(0x201, c1.preemptCount);
            assertFalse(c1.irqsDisabled);
            assertEquals(List.of(c), c1.runnable, "c waits behind b, which cannot be preempted");
            assertEquals(List.of(), c0.runnable);
        }
    }

    @Test
    void eventsFrom_followsTheTail_andRefusesNegatives() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            m.host.tracer.start();
            for (int i = 0; i < 3; i++) k.spawn(TaskSpec.process("t" + i), kk -> kk.compute(6_000_000));
            k.runUntilIdle(1_000_000_000L);
            List<TraceEventDTO> all = m.host.tracer.events();
            assertTrue(all.size() > 10, "events: " + all.size());
            int n = all.size();
            for (int from : new int[] {0, 1, n / 2, n / 2 + 1, n - 3, n - 1}) {
                List<TraceEventDTO> part = m.host.tracer.eventsFrom(from, 5);
                List<TraceEventDTO> want = all.subList(from, Math.min(n, from + 5));
                assertEquals(want.size(), part.size(), "from " + from);
                for (int i = 0; i < want.size(); i++) {
                    assertEquals(want.get(i).timeNs, part.get(i).timeNs, "from " + from + " #" + i);
                    assertEquals(want.get(i).detail, part.get(i).detail, "from " + from + " #" + i);
                }
            }
            assertEquals(List.of(), m.host.tracer.eventsFrom(n, 5));
            assertEquals(List.of(), m.host.tracer.eventsFrom(n + 100, 5));
            assertThrows(IllegalArgumentException.class, () -> m.host.tracer.eventsFrom(-1, 5));
            assertThrows(IllegalArgumentException.class, () -> m.host.tracer.eventsFrom(0, -1));
        }
    }
}
