package org.kernellab.block.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;

class HungTaskDetectorTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aTaskWaitingForIoLongerThanTheTimeout_isReportedInLinuxsFormat() {
        try (BlockRig r = new BlockRig(2, 1, 32)) {
            new HungTaskDetector(r.k, r.m.machine(), 120, 10).machineReset(r.m.machine());
            r.block.quiesceQueue(BlockRig.DISK);        // the write never reaches the device
            r.k.spawn(TaskSpec.process("writer"), k -> r.block.submitBioWait(Bio.write(BlockRig.DISK, 0, BlockRig.pattern(8, 1), null)));
            r.k.run(250 * S);
            String log = r.dmesg();
            int pid = r.k.ps().stream().filter(t -> t.comm.equals("writer")).findFirst().orElseThrow().pid;
            // seen in D at 120 s (recorded), still unswitched at 240 s: 120 s blocked
            assertTrue(log.contains("INFO: task writer:" + pid + " blocked for more than 120 seconds.\n"
                    + "      Not tainted 6.6.0-kernellab #1\n"
                    + "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
                    + String.format("task:writer          state:D stack:0     pid:%-5d tgid:%-5d ppid:0      flags:0x00000000%n", pid, pid)
                    + "Call Trace:\n <TASK>\n </TASK>"), log);
            assertEquals(1, log.split("INFO: task writer").length - 1);
        }
    }

    @Test
    void aTaskThatSleepsInDStateOftenButBriefly_isNotReported() {
        // each write takes 0.9 s: the writer is in D at every check, but switched in between
        try (BlockRig r = new BlockRig(2, 900_000_000L, 32)) {
            new HungTaskDetector(r.k, r.m.machine(), 1, 10).machineReset(r.m.machine());
            r.k.spawn(TaskSpec.process("writer"), k -> {
                for (int i = 0; i < 7; i++) r.block.submitBioWait(Bio.write(BlockRig.DISK, 0, BlockRig.pattern(8, 1), null));
            });
            r.k.run(6 * S);
            assertEquals("D", r.k.ps().stream().filter(t -> t.comm.equals("writer")).findFirst().orElseThrow().state);
            assertFalse(r.dmesg().contains("INFO: task"), r.dmesg());
        }
    }
}
