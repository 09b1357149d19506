package org.kernellab.driver.disk.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.driver.disk.DiskDriver;
import org.kernellab.driver.disk.DiskStack;
import org.kernellab.driver.disk.common.DiskDriverCore;

class CoalescingDiskDriverTest {
    @TempDir
    Path dir;

    private static CoalescingDiskDriver v2(DiskStack s) {
        return new CoalescingDiskDriver(s.disk, s.block, s.irqs, s.m.machine(), s.k);
    }

    /** {@code n} 4 KiB writes, one every 5 us of the submitter's CPU time; returns the ends, in order. */
    private static List<String> writes(DiskStack s, int n) {
        List<String> ends = new ArrayList<>();
        s.k.spawn(TaskSpec.process("fs"), k -> {
            for (int i = 0; i < n; i++) {
                int id = i;
                s.block.submitBio(Bio.write("disk0", 64L * i, DiskStack.pattern(8, i), (b, st) -> ends.add(id + " " + st)));
                k.compute(5_000);
            }
        });
        return ends;
    }

    private long interruptsForLoad(boolean coalescing) {
        try (DiskStack s = new DiskStack(dir.resolve(coalescing + ".img"))) {
            DiskDriverCore d = coalescing ? v2(s) : s.v1();
            List<String> ends = writes(s, 64);
            s.k.runUntilIdle(1_000_000_000L);
            assertEquals(64, ends.size());
            assertTrue(s.dmesg().contains(coalescing ? "kernel.driver.disk 2 bound" : "kernel.driver.disk 1 bound"), s.dmesg());
            return s.diskInterrupts();
        }
    }

    @Test
    void underLoad_version2_interruptsSeveralTimesLessOften() {
        long v1 = interruptsForLoad(false);
        long v2 = interruptsForLoad(true);
        assertTrue(v1 >= 48, "version 1 interrupts about once per completion (64): " + v1);
        assertTrue(v2 * 4 <= v1, "version 2 coalesces 8 completions an interrupt under load: v1 " + v1 + ", v2 " + v2);
    }

    @Test
    void swaps_1to2to1_underLoad_loseNothing_andEachVersionProgramsTheDevice() {
        try (DiskStack s = new DiskStack(dir.resolve("swap.img"))) {
            DiskDriverCore d = s.v1();
            int n = 96;
            List<String> ends = writes(s, n);
            s.k.run(30_000);
            assertTrue(ends.size() < n && !s.disk.inFlight().isEmpty(), "I/O in flight at the swap");
            ((DiskDriver) d).deactivate();
            d = v2(s);
            assertEquals(8, s.disk.coalescingThreshold(), "version 2 turned coalescing on");
            s.k.run(30_000);
            ((CoalescingDiskDriver) d).deactivate();
            d = s.v1();
            assertEquals(1, s.disk.coalescingThreshold(), "version 1 turned it off again");
            s.k.runUntilIdle(1_000_000_000L);
            s.assertWrittenOnceAndReadsBack(ends, n);
        }
    }
}
