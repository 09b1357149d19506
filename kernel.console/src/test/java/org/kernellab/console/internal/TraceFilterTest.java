package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TraceFilterTest {
    private static final String HEADER = "# tracer: nop\n#\n# entries-in-buffer/entries-written: 5/5   #P:2\n";
    private static final String[] LINES = {
        "          <idle>-0       [000] .N..     0.000000: sched_wakeup_new: comm=app pid=1 prio=120 target_cpu=000",
        "          <idle>-0       [000] ....     0.000000: sched_switch: prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=app next_pid=1 next_prio=120",
        "             app-1       [000] d.h.     0.001000: irq_handler_entry: irq=5 name=demo-dev",
        "     ksoftirqd/1-3       [001] ....     0.001000: sched_switch: prev_comm=ksoftirqd/1 prev_pid=3 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120",
        "          <idle>-0       [001] d.h.     0.004000: irq_handler_entry: irq=0 name=timer",
    };
    private static final String TRACE = HEADER + String.join("\n", LINES) + "\n";

    private static String show(String... args) {
        return TraceFilter.parse(args).apply(TRACE);
    }

    private static String expect(String filter, int total, int... kept) {
        StringBuilder sb = new StringBuilder(HEADER).append("# filtered by ").append(filter).append(": ").append(kept.length)
            .append(" of ").append(total).append(" entries\n");
        for (int k : kept) sb.append(LINES[k]).append('\n');
        return sb.toString();
    }

    @Test
    void noFilter_theTraceAsItIs() {
        assertEquals(TRACE, show());
    }

    @Test
    void cpu_onlyThatCpusLines() {
        assertEquals(expect("cpu 1", 5, 3, 4), show("--cpu", "1"));
        assertEquals(expect("cpu 0,1", 5, 0, 1, 2, 3, 4), show("--cpu", "0,1"));
    }

    @Test
    void event_namesOrAPrefix() {
        assertEquals(expect("event sched_switch", 5, 1, 3), show("--event", "sched_switch"));
        assertEquals(expect("event irq_*", 5, 2, 4), show("-e", "irq_*"));
    }

    @Test
    void task_byPidOrComm_theTaskColumnOrTheEventNamingIt() {
        // app/1: woken, switched to, and the handler that ran on its stack
        assertEquals(expect("task 1", 5, 0, 1, 2), show("--task", "1"));
        assertEquals(expect("task app", 5, 0, 1, 2), show("--task", "app"));
        assertEquals(expect("cpu 0, task app, event sched_switch", 5, 1), show("--cpu", "0", "--task", "app", "--event", "sched_switch"));
    }

    @Test
    void badOptions_usage() {
        assertEquals("option \"--cpu\" needs a value; usage: " + TraceFilter.USAGE,
            assertThrows(BadArgument.class, () -> show("--cpu")).getMessage());
        assertEquals("--cpu \"x\" is not a list of CPU numbers such as 0 or 0,2; usage: " + TraceFilter.USAGE,
            assertThrows(BadArgument.class, () -> show("--cpu", "x")).getMessage());
        assertEquals("option \"--pid\" is unknown; usage: " + TraceFilter.USAGE,
            assertThrows(BadArgument.class, () -> show("--pid", "1")).getMessage());
    }
}
