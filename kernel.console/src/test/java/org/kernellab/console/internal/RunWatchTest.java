package org.kernellab.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.dto.RunResultDTO;

class RunWatchTest {

    @Test
    void ctrlC_cancelsTheRun_andSoDoesAnInterruptOfTheCaller() {
        RunWatch w = new RunWatch(null, () -> 0);
        assertFalse(w.cancelled());
        w.ctrlC();
        assertTrue(w.cancelled());
        RunWatch i = new RunWatch(null, () -> 0);
        Thread.currentThread().interrupt();
        try {
            assertTrue(i.cancelled());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void progress_aLineEveryTwoSecondsOfWallTime_withVirtualTimeEventsAndRate() {
        long[] wall = {0};
        List<String> lines = new ArrayList<>();
        RunWatch w = new RunWatch(lines::add, () -> wall[0]);
        w.progress(0, 100);
        wall[0] = 1_000_000_000L;
        w.progress(5_000_000_000L, 1_100);
        assertEquals(List.of(), lines, "nothing in the first two seconds");
        wall[0] = 2_000_000_000L;
        w.progress(10_000_000_000L, 2_100);
        assertEquals(List.of("... 10.000000 s virtual, 2000 events, 1000 events/s, 5.00 s virtual per second; Ctrl-C stops"), lines);
    }

    @Test
    void format_interruptedRun_saysWhereItStopped() {
        RunResultDTO r = new RunResultDTO();
        r.startNs = 1_000_000_000L;
        r.endNs = 13_500_000_000L;
        r.events = 12_345;
        r.switches = 17;
        r.stoppedBy = "interrupt";
        assertEquals("^C: stopped at 13.500000 s of virtual time, after 12345 events and 17 context switches"
                + " (ran 12.500000 s from 1.000000 s); the machine stands between two events: kernel:run goes on from here",
                SimFormat.run(r));
    }
}
