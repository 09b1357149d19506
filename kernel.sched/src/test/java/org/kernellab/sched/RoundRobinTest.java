package org.kernellab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.dto.TaskDTO;
import org.kernellab.core.StandaloneMachine;

class RoundRobinTest {

    /** One CPU, a tick on line 0 through the machine's own TimeKeeping, and the RR class bound. */
    private static StandaloneMachine machine(int cpus, long sliceNs) {
        StandaloneMachine m = new StandaloneMachine(cpus);
        m.schedClass(new RoundRobin(sliceNs));
        m.irqEntry((irq, cpu) -> m.timeKeeping().tick());
        long period = m.timeKeeping().tickNs();
        for (int c = 0; c < cpus; c++) arm(m, c, period, period);
        return m;
    }

    private static void arm(StandaloneMachine m, int cpu, long at, long period) {
        m.machine().atBackground(at, now -> {
            m.machine().raiseIrq(0, cpu);
            arm(m, cpu, now + period, period);
        });
    }

    @Test
    void timeslice_followsO1TaskTimeslice() {
        RoundRobin rr = new RoundRobin(100_000_000L);
        assertEquals(100_000_000L, rr.timeslice(120), "nice 0");
        assertEquals(800_000_000L, rr.timeslice(100), "nice -20");
        assertEquals(5_000_000L, rr.timeslice(139), "nice 19");
    }

    @Test
    void twoCpuHogs_oneCpu_shareItInSlicesAndArePreemptedAtTicks() {
        try (StandaloneMachine m = machine(1, 20_000_000L)) {
            Kernel k = m.kernel();
            for (String n : new String[] {"hog1", "hog2"}) k.spawn(TaskSpec.process(n), kk -> kk.compute(200_000_000L));
            k.run(100_000_000L);
            List<TaskDTO> ps = k.ps();
            TaskDTO a = ps.stream().filter(t -> t.comm.equals("hog1")).findFirst().orElseThrow();
            TaskDTO b = ps.stream().filter(t -> t.comm.equals("hog2")).findFirst().orElseThrow();
            assertEquals(100_000_000L, a.utimeNs + b.utimeNs, "all CPU time went to the two hogs");
            assertTrue(Math.abs(a.utimeNs - b.utimeNs) <= 20_000_000L, a.utimeNs + " vs " + b.utimeNs);
            assertTrue(a.involuntarySwitches >= 2, "preempted at slice ends: " + a.involuntarySwitches);
        }
    }

    @Test
    void nice_scalesTheShareOfCpu() {
        try (StandaloneMachine m = machine(1, 20_000_000L)) {
            Kernel k = m.kernel();
            k.spawn(TaskSpec.process("fav").nice(-10), kk -> kk.compute(2_000_000_000L));
            k.spawn(TaskSpec.process("meek").nice(10), kk -> kk.compute(2_000_000_000L));
            k.run(1_000_000_000L);
            List<TaskDTO> ps = k.ps();
            long fav = ps.stream().filter(t -> t.comm.equals("fav")).findFirst().orElseThrow().utimeNs;
            long meek = ps.stream().filter(t -> t.comm.equals("meek")).findFirst().orElseThrow().utimeNs;
            assertTrue(fav > 4 * meek, "nice -10 gets more: " + fav + " vs " + meek);
        }
    }

    @Test
    void wakeup_goesToAnIdleCpu() {
        try (StandaloneMachine m = machine(2, 20_000_000L)) {
            Kernel k = m.kernel();
            int[] cpus = new int[2];
            k.spawn(TaskSpec.process("a").onCpu(0), kk -> kk.compute(50_000_000L));
            k.spawn(TaskSpec.process("b"), kk -> {
                kk.msleep(5);
                cpus[1] = kk.smpProcessorId();
                kk.compute(1_000_000L);
            });
            k.run(20_000_000L);
            assertEquals(1, cpus[1], "b woke on the idle CPU 1, not behind a on CPU 0");
        }
    }
}
