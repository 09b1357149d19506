package org.kernellab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.run.RunMonitor;

/** Kernel.runUntil(): a run that stops where its condition holds, and Kernel.eventCount(). */
class RunUntilTest {
    private static final long LIMIT = 1_000_000_000L;

    /** Two tasks on one CPU: a sleeps 2 ms between 1 ms bursts; b computes. An IRQ 5 at 3.5 ms. */
    private static TestMachine machine() {
        TestMachine m = new TestMachine().withTick();
        Kernel k = m.host.kernel;
        m.handlers[5] = (irq, cpu) -> {
            m.host.tracer.irqHandlerEntry(irq, "dev");
            k.compute(10_000);
            m.host.tracer.irqHandlerExit(irq, true);
        };
        k.spawn(TaskSpec.process("a").onCpu(0), kk -> {
            for (int i = 0; i < 3; i++) {
                kk.compute(1_000_000);
                kk.msleep(2);
            }
        });
        k.spawn(TaskSpec.process("b").onCpu(0), kk -> kk.compute(20_000_000));
        m.host.machine.at(3_500_000, now -> m.host.machine.raiseIrq(5, 0));
        return m;
    }

    @Test
    void until_eachClause_stopsAfterTheStepWhereItHeld() {
        try (TestMachine m = machine()) {
            Kernel k = m.host.kernel;
            RunResultDTO r = k.runUntil("time=2ms", LIMIT, RunMonitor.NONE);
            assertEquals("until", r.stoppedBy);
            assertEquals("virtual time reached 2000000 ns", r.until);
            assertEquals(2_000_000L, k.now());
            r = k.runUntil("irq=5", LIMIT, RunMonitor.NONE);
            assertEquals("until", r.stoppedBy);
            assertEquals("irq 5 entered its handler on CPU 0", r.until);
            assertEquals(3_500_000L, r.endNs);

            r = k.runUntil("state=1:D", LIMIT, RunMonitor.NONE);
            assertEquals("a/1 went to sleep (D) on CPU 0", r.until, "msleep() sleeps uninterruptibly");
            r = k.runUntil("state=1:R", LIMIT, RunMonitor.NONE);
            assertEquals("a/1 was woken (R) on CPU 0", r.until);
            r = k.runUntil("switch=1", LIMIT, RunMonitor.NONE);
            assertEquals("CPU 0 switched to a/1", r.until);
            r = k.runUntil("irq=9, state=1:X", LIMIT, RunMonitor.NONE);
            assertEquals("a/1 exited (X) on CPU 0", r.until, "any clause of several");
            r = k.runUntil("irq=9", 5_000_000L, RunMonitor.NONE);
            assertEquals("time", r.stoppedBy, "the limit comes first when nothing holds");
        }
    }

    @Test
    void untilEvent_stopsAtThatStepCount_andTheSameRunGivesTheSameMachine() {
        long at;
        String digestThere;
        try (TestMachine m = machine()) {
            Kernel k = m.host.kernel;
            k.runUntil("state=1:X", LIMIT, RunMonitor.NONE);
            at = k.eventCount() - 3;
            assertTrue(at > 3, "events: " + at);
            k.reset();
        }
        try (TestMachine m = machine()) {
            Kernel k = m.host.kernel;
            RunResultDTO r = k.runUntil("event=" + at, LIMIT, RunMonitor.NONE);
            assertEquals("until", r.stoppedBy);
            assertEquals("the machine made step " + at, r.until);
            assertEquals(at, k.eventCount());
            digestThere = m.host.tracer.digest();
        }
        try (TestMachine m = machine()) {
            Kernel k = m.host.kernel;
            k.runUntil("event=" + at, LIMIT, RunMonitor.NONE);
            assertEquals(digestThere, m.host.tracer.digest(), "replaying to the same step gives the same machine");
        }
    }

    @Test
    void untilViolation_stopsAtTheReport() {
        try (TestMachine m = new TestMachine().withTick()) {
            Kernel k = m.host.kernel;
            k.spawn(TaskSpec.process("bad"), kk -> {
                kk.compute(3_000_000);
                m.host.context.preemptDisable();
                kk.msleep(1);
                m.host.context.preemptEnable();
                kk.compute(3_000_000);
            });
            RunResultDTO r = k.runUntil("violation", LIMIT, RunMonitor.NONE);
            assertEquals("until", r.stoppedBy);
            assertEquals("a context violation on CPU 0 by bad/1", r.until);
            assertEquals(3_000_000L, r.endNs, "right after the 3 ms burst");
        }
    }

    @Test
    void until_badCondition_isRefusedNamingTheClause() {
        try (TestMachine m = machine()) {
            Kernel k = m.host.kernel;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.runUntil("irq=5, bogus", LIMIT, RunMonitor.NONE));
            assertTrue(e.getMessage().startsWith("until: \"bogus\": unknown condition; conditions: violation, irq=<line>"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.runUntil("state=1:Q", LIMIT, RunMonitor.NONE));
            assertTrue(e.getMessage().startsWith("until: \"state=1:Q\": the state is one of R (woken), S, D (asleep), X (exited), not Q"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.runUntil("time=5", LIMIT, RunMonitor.NONE));
            assertTrue(e.getMessage().contains("time needs a unit"), e.getMessage());
            assertEquals(0, k.eventCount(), "nothing ran");
        }
    }
}
