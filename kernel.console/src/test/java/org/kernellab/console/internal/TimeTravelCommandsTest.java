package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.dto.RunResultDTO;
import org.kernellab.api.run.RunMonitor;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.workload.internal.Workloads;

/** kernel:back and kernel:break on a real machine: back by replay, and forward again to the same digest. */
class TimeTravelCommandsTest {

    private static List<String> users(Kernel k) {
        return k.ps().stream().filter(t -> !t.kernelThread && t.pid > 0).map(t -> t.comm).sorted().toList();
    }

    @Test
    void back_thenForwardAgain_givesTheSameMachineAndDigest() throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(1).withPeriodicTick()) {
            Kernel k = m.kernel();
            Journal journal = new Journal();
            TaskCommands tasks = new TaskCommands(k, new Workloads(), m.tracer(), journal);
            TimeTravelCommands tt = new TimeTravelCommands(journal, k, m.tracer());
            tasks.spawn(0, 3, "0ns", "w", "run:3ms", "sleep:2ms", "run:1ms");
            k.run(4_000_000L);
            long xAt = k.eventCount();
            tasks.spawn(0, 1, "0ns", "x", "run:2ms");
            k.run(20_000_000L);
            long n = k.eventCount();
            String digest = m.tracer().digest();
            long now = k.now();
            assertTrue(n - xAt > 8, "steps after x came: " + (n - xAt));

            RunResultDTO r = tt.back("5");
            assertEquals(n - 5, k.eventCount());
            assertEquals("back 5 steps, at step " + (n - 5) + " of the replayed run", r.until);
            k.runUntil("event=" + n, Long.MAX_VALUE / 4, RunMonitor.NONE);
            assertEquals(digest, m.tracer().digest(), "forward again: the same run, event for event");
            assertEquals(now, k.now());

            tt.back(String.valueOf(n - xAt + 1));
            assertEquals(xAt - 1, k.eventCount());
            assertEquals(List.of("w"), users(k), "back before x was spawned: x is not there");
            tt.back();
            assertEquals(xAt - 2, k.eventCount());
        }
    }

    @Test
    void back_refusesWhatItCannotReplay_andBreakChecksItsCondition() throws Exception {
        try (StandaloneMachine m = new StandaloneMachine(1).withPeriodicTick()) {
            Kernel k = m.kernel();
            Journal journal = new Journal();
            TimeTravelCommands tt = new TimeTravelCommands(journal, k, m.tracer());
            assertEquals("kernel:back: the machine has made 0 steps since kernel:reset; it cannot go back 1",
                    assertThrows(BadArgument.class, tt::back).getMessage());
            journal.unreplayable("kernel:demo x ran tasks of its own");
            k.run(10_000_000L);
            assertEquals("kernel:back cannot replay this machine: kernel:demo x ran tasks of its own",
                    assertThrows(CommandFailure.class, tt::back).getMessage());

            assertEquals("breakpoints (kernel:run stops at the first that holds): irq=14", tt._break("irq=14"));
            assertEquals("breakpoints (kernel:run stops at the first that holds): irq=14, state=3:D", tt._break("state=3:D"));
            assertEquals("irq=5,irq=14,state=3:D", journal.condition("irq=5"));
            BadArgument e = assertThrows(BadArgument.class, () -> tt._break("irq=x"));
            assertTrue(e.getMessage().startsWith("kernel:break: \"irq=x\" is not a condition; usage: kernel:break"), e.getMessage());
            assertEquals("breakpoints cleared", tt._break("clear"));
            assertTrue(tt._break().startsWith("no breakpoints"));
        }
    }
}
