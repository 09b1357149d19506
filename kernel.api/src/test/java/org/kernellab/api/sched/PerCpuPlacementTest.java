package org.kernellab.api.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class PerCpuPlacementTest {
    private static final long ALL = -1L;

    /** A host whose CPUs are idle as {@code idle} says, with the loads {@code load}. */
    private static PerCpuPlacement placement(Fakes.Host h, boolean[] idle, long[] load) {
        return new PerCpuPlacement(h, c -> idle[c], c -> load[c]);
    }

    @Test
    void idleCpus_thePreviousOneFirst_elseTheFirstAllowed() {
        Fakes.Host h = new Fakes.Host(4);
        PerCpuPlacement pl = placement(h, new boolean[] {false, true, false, true}, new long[4]);
        assertEquals(3, pl.selectCpu(Fakes.task(1, ALL), 3));
        assertEquals(1, pl.selectCpu(Fakes.task(2, ALL), 2), "the previous CPU is busy");
        assertEquals(3, pl.selectCpu(Fakes.task(3, 0b1001), 0), "CPU 1 is idle but not allowed");
        assertEquals(1, pl.selectCpu(Fakes.task(4, ALL), -1), "no previous CPU");
    }

    @Test
    void noIdleCpu_theLeastLoaded_tiesToThePreviousThenTheLowest() {
        Fakes.Host h = new Fakes.Host(4);
        PerCpuPlacement pl = placement(h, new boolean[4], new long[] {3, 1, 2, 1});
        assertEquals(1, pl.selectCpu(Fakes.task(1, ALL), 0));
        assertEquals(3, pl.selectCpu(Fakes.task(2, ALL), 3), "a tie: the previous CPU");
        assertEquals(2, pl.selectCpu(Fakes.task(3, 0b0101), 0));
        assertEquals(-1, pl.selectCpu(Fakes.task(4, 0), 0), "allowed nowhere");
    }

    @Test
    void kickIdleFor_kicksTheFirstAllowedIdleCpuButTheOneWaitedOn() {
        Fakes.Host h = new Fakes.Host(4);
        PerCpuPlacement pl = placement(h, new boolean[] {true, false, true, true}, new long[4]);
        assertEquals(2, pl.kickIdleFor(Fakes.task(1, 0b1100), 1));
        assertEquals(2, pl.kickIdleFor(Fakes.task(2, ALL), 0), "CPU 0, idle too, is the one waited on");
        assertEquals(-1, pl.kickIdleFor(Fakes.task(3, 0b0010), 0), "no idle CPU it may use");
        assertEquals(List.of(2, 2), h.kicked);
    }
}
