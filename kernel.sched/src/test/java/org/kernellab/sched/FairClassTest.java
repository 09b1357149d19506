package org.kernellab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernellab.sched.Rig.ms;

import org.junit.jupiter.api.Test;
import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskSpec;

class FairClassTest {
    private static void hog(Rig r, String comm, int nice) {
        r.k.spawn(TaskSpec.process(comm).attr(SchedAttr.normal().withNice(nice)), k -> {
            for (;;) k.compute(ms(1));
        });
    }

    @Test
    void niceZeroAgainstNiceFive_shareTheCpuByWeight_1024to335() {
        try (Rig r = new Rig(1, 1000)) {
            hog(r, "a", 0);
            hog(r, "b", 5);
            r.k.run(10_000_000_000L);
            double a = r.cpuNs("a");
            double b = r.cpuNs("b");
            double share = a / (a + b);
            double expected = 1024.0 / (1024 + 335);
            assertEquals(expected, share, 0.005, "nice 0 share " + share);
            assertEquals("fair", r.ps("a").schedClass);
        }
    }

    @Test
    void equalWeights_onTwoCpus_eachTaskGetsItsShare() {
        try (Rig r = new Rig(2, 250)) {
            for (int i = 0; i < 4; i++) hog(r, "t" + i, 0);
            r.k.run(2_000_000_000L);
            for (int i = 0; i < 4; i++) {
                double s = r.cpuNs("t" + i) / 2_000_000_000.0;
                assertEquals(0.5, s, 0.05, "t" + i + " got " + s);
            }
        }
    }

    @Test
    void idleCpu_pullsWork_fromTheBusyOne() {
        try (Rig r = new Rig(2, 250)) {
            // three tasks start on CPU 0 only, then may go anywhere: balancing must use CPU 1
            for (int i = 0; i < 3; i++) {
                var t = r.k.spawn(TaskSpec.process("t" + i).onCpu(0), k -> {
                    for (;;) k.compute(ms(1));
                });
                r.k.schedSetaffinity(t, 0b11);
            }
            r.k.run(1_000_000_000L);
            long total = 0;
            long migrations = 0;
            for (int i = 0; i < 3; i++) {
                total += r.cpuNs("t" + i);
                migrations += r.ps("t" + i).migrations;
            }
            assertTrue(total > 1_900_000_000L, "both CPUs busy: " + total);
            assertTrue(migrations > 0, "migrations counted");
        }
    }
}
