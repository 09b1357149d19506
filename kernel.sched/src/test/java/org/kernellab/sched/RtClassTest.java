package org.kernellab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.sched.Rig.ms;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Errno;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;

class RtClassTest {
    @Test
    void fifoTask_preemptsFairTasks_andRunsUntilItSleeps() {
        try (Rig r = new Rig(1, 1000)) {
            List<String> order = new ArrayList<>();
            r.k.spawn(TaskSpec.process("normal"), k -> {
                k.compute(ms(10));
                order.add("normal done at " + k.now() / 1_000_000);
            });
            r.k.spawn(TaskSpec.process("rt").attr(SchedAttr.fifo(50)), k -> {
                k.msleep(2);
                k.compute(ms(5));
                order.add("rt done at " + k.now() / 1_000_000);
            });
            r.k.runUntilIdle(1_000_000_000L);
            // rt wakes after 3 jiffies (msleep(2) at HZ 1000 sleeps 2 + 1), preempts at once, runs 5 ms
            assertEquals(List.of("rt done at 8", "normal done at 15"), order);
        }
    }

    @Test
    void roundRobin_samePriority_alternatesEvery100ms() {
        try (Rig r = new Rig(1, 1000)) {
            r.m.tracer().start();
            for (String n : List.of("a", "b")) {
                r.k.spawn(TaskSpec.process(n).attr(SchedAttr.rr(10)), k -> k.compute(ms(300)));
            }
            r.k.runUntilIdle(2_000_000_000L);
            List<Long> switches = new ArrayList<>();
            for (var e : r.m.tracer().events()) if (e.type.equals("sched_switch") && e.arg != 0) switches.add(e.timeNs / 1_000_000);
            // RR_TIMESLICE: a runs 0-100, b 100-200, a 200-300, ...
            assertEquals(List.of(0L, 100L, 200L, 300L, 400L, 500L), switches.subList(0, 6));
        }
    }

    @Test
    void fifo_samePriority_doesNotTimeslice() {
        try (Rig r = new Rig(1, 1000)) {
            List<String> order = new ArrayList<>();
            for (String n : List.of("a", "b")) {
                r.k.spawn(TaskSpec.process(n).attr(SchedAttr.fifo(10)), k -> {
                    k.compute(ms(300));
                    order.add(n + "@" + k.now() / 1_000_000);
                });
            }
            r.k.runUntilIdle(2_000_000_000L);
            assertEquals(List.of("a@300", "b@600"), order);
        }
    }

    @Test
    void rtHog_isThrottledAfter950msOfEverySecond_andFairTasksRunThen() {
        try (Rig r = new Rig(1, 1000)) {
            r.k.spawn(TaskSpec.process("hog").attr(SchedAttr.fifo(99)), k -> {
                for (;;) k.compute(ms(1));
            });
            r.k.spawn(TaskSpec.process("fair"), k -> {
                for (;;) k.compute(ms(1));
            });
            r.k.run(3_000_000_000L);
            assertTrue(r.dmesg().contains("sched: RT throttling activated"), r.dmesg());
            assertEquals(1, r.dmesg().split("RT throttling activated", -1).length - 1, "printed once");
            double fairShare = r.cpuNs("fair") / 3e9;
            assertEquals(0.05, fairShare, 0.01, "the fair task gets the 50 ms of each second: " + fairShare);
        }
    }

    @Test
    void wakingRtTask_goesToTheCpuRunningTheLowestPriority() {
        try (Rig r = new Rig(2, 1000)) {
            r.k.spawn(TaskSpec.process("rt-hi").attr(SchedAttr.fifo(90)).onCpu(0), k -> {
                for (;;) k.compute(ms(1));
            });
            r.k.spawn(TaskSpec.process("fair").onCpu(1), k -> {
                for (;;) k.compute(ms(1));
            });
            int[] ranOn = {-1};
            r.k.spawn(TaskSpec.process("rt-lo").attr(SchedAttr.fifo(10)), k -> {
                k.msleep(5);
                ranOn[0] = k.smpProcessorId();
                k.compute(ms(1));
            });
            r.m.tracer().start();
            r.k.run(ms(50));
            assertEquals(1, ranOn[0], "CPU 1 runs a fair task, the lowest priority\n" + r.m.tracer().text() + r.dmesg());
        }
    }

    @Test
    void setattr_fifoPriorityOutOfRange_isRefusedNamingIt() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SchedAttr.fifo(100));
        assertEquals("priority 100 is out of range 1..99 for SCHED_FIFO", e.getMessage());
        try (Rig r = new Rig(1, 1000)) {
            var t = r.k.spawn(TaskSpec.process("t"), k -> k.compute(ms(1)));
            assertEquals(0, r.k.schedSetattr(t, SchedAttr.rr(5)));
            assertEquals("RR", r.ps("t").policy);
            assertEquals(94, r.ps("t").prio);
            assertEquals(-Errno.EINVAL, r.k.schedSetaffinity(t, 0b100));
        }
    }
}
