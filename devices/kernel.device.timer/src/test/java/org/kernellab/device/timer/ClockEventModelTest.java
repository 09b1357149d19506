package org.kernellab.device.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.hw.ClockEventDevice.Mode;
import org.kernellab.core.StandaloneMachine;

class ClockEventModelTest {

    @Test
    void periodic_firesEveryPeriodOnItsCpu_andShutdownStopsIt() {
        try (StandaloneMachine m = new StandaloneMachine(2)) {
            List<String> seen = new ArrayList<>();
            m.irqEntry((irq, cpu) -> seen.add(irq + "@" + cpu + ":" + m.kernel().now()));
            ClockEventModel dev = new ClockEventModel(m.machine(), 0);
            dev.setPeriodic(1, 4_000_000);
            m.kernel().run(12_000_000);
            assertEquals(List.of("0@1:4000000", "0@1:8000000", "0@1:12000000"), seen);
            assertEquals(3, dev.fired(1));
            assertEquals(0, dev.fired(0));
            dev.shutdown(1);
            m.kernel().run(12_000_000);
            assertEquals(3, seen.size());
            assertEquals(Mode.SHUTDOWN, dev.mode(1));
        }
    }

    @Test
    void oneshot_firesOnceThenShutsDown() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            List<Long> seen = new ArrayList<>();
            m.irqEntry((irq, cpu) -> seen.add(m.kernel().now()));
            ClockEventModel dev = new ClockEventModel(m.machine(), 2);
            dev.programOneshot(0, 1_500);
            m.kernel().runUntilIdle(1_000_000);
            assertEquals(List.of(1_500L), seen);
            assertEquals(Mode.SHUTDOWN, dev.mode(0));
        }
    }

    @Test
    void reset_rearmsPeriodicCpusFromTimeZero() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            List<Long> seen = new ArrayList<>();
            m.irqEntry((irq, cpu) -> seen.add(m.kernel().now()));
            ClockEventModel dev = new ClockEventModel(m.machine(), 0);
            m.addListener(dev);
            dev.setPeriodic(0, 1_000);
            m.kernel().run(2_500);
            m.kernel().reset();
            seen.clear();
            m.kernel().run(2_500);
            assertEquals(List.of(1_000L, 2_000L), seen);
            assertEquals(2, dev.fired(0));
        }
    }

    /** A driver that binds late programs the device onto the machine's tick grid, the instants jiffies count. */
    @Test
    void periodicHz_programmedLate_ticksOnTheMachinesGrid() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            List<Long> seen = new ArrayList<>();
            m.irqEntry((irq, cpu) -> seen.add(m.kernel().now()));
            m.kernel().run(2_640_000); // no tick device yet
            ClockEventModel dev = new ClockEventModel(m.machine(), 0);
            m.addListener(dev);
            dev.setPeriodicHz(0, 250);
            m.kernel().run(10_000_000 - 2_640_000);
            assertEquals(List.of(4_000_000L, 8_000_000L), seen, "HZ=250's ticks from time 0, not from 2.64 ms");
        }
    }

    @Test
    void periodicHz300_firesAtTheExactInstants_300ASecond_andSurvivesAReset() {
        try (StandaloneMachine m = new StandaloneMachine(1)) {
            List<Long> seen = new ArrayList<>();
            m.irqEntry((irq, cpu) -> seen.add(m.kernel().now()));
            ClockEventModel dev = new ClockEventModel(m.machine(), 0);
            m.addListener(dev);
            dev.setPeriodicHz(0, 300);
            assertEquals(300, dev.periodicHz(0));
            assertEquals(3_333_333L, dev.periodNs(0));
            m.kernel().run(10_000_000);
            assertEquals(List.of(3_333_333L, 6_666_666L, 10_000_000L), seen);
            m.kernel().run(3_600_000_000_000L - 10_000_000);
            assertEquals(3600 * 300, dev.fired(0), "an hour: not one tick gained or lost");
            m.kernel().reset();
            seen.clear();
            m.kernel().run(10_000_000);
            assertEquals(List.of(3_333_333L, 6_666_666L, 10_000_000L), seen);
            dev.setPeriodic(0, 4_000_000);
            assertEquals(0, dev.periodicHz(0));
        }
    }
}
