package org.kernellab.driver.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.block.impl.BlockLayerImpl;
import org.kernellab.device.disk.DiskModel;
import org.kernellab.irq.IrqLayer;

class DiskDriverTest {
    @TempDir
    Path dir;

    private final class Stack implements AutoCloseable {
        final DiskStack st = new DiskStack(dir.resolve("disk0.img"));
        final Kernel k = st.k;
        final IrqLayer irqs = st.irqs;
        final BlockLayerImpl block = st.block;
        final DiskModel disk = st.disk;
        DiskDriver driver = bind();

        DiskDriver bind() { return st.v1(); }

        String dmesg() { return st.dmesg(); }

        @Override
        public void close() { st.close(); }
    }

    private static byte[] pattern(int sectors, int seed) { return DiskStack.pattern(sectors, seed); }

    @Test
    void writeThenRead_throughTheWholeStack_returnsTheData() {
        try (Stack s = new Stack()) {
            byte[] data = pattern(16, 3), back = new byte[16 * 512];
            BlkStatus[] st = new BlkStatus[2];
            s.k.spawn(TaskSpec.process("fs"), k -> {
                st[0] = s.block.submitBioWait(Bio.write("disk0", 100, data, null));
                st[1] = s.block.submitBioWait(Bio.read("disk0", 100, back, null));
            });
            s.k.runUntilIdle(1_000_000_000L);
            assertEquals(BlkStatus.OK, st[0]);
            assertEquals(BlkStatus.OK, st[1]);
            assertArrayEquals(data, back);
            assertEquals(1, s.disk.stats().writesCompleted);
            assertEquals(1, s.disk.stats().readsCompleted);
            String[] f = s.block.diskstats().trim().split("\\s+");
            assertEquals("16", f[5], "sectors read");
            assertEquals("16", f[9], "sectors written");
            assertTrue(s.irqs.procInterrupts().contains("disk0"), s.irqs.procInterrupts());
        }
    }

    @Test
    void mediaError_reachesTheBlockLayerAsAnIoError() {
        try (Stack s = new Stack()) {
            s.disk.setBadSector(70, true);
            BlkStatus[] st = {null};
            s.k.spawn(TaskSpec.process("fs"), k -> st[0] = s.block.submitBioWait(Bio.read("disk0", 64, new byte[4096], null)));
            s.k.runUntilIdle(1_000_000_000L);
            assertEquals(BlkStatus.IOERR, st[0]);
            assertTrue(s.dmesg().contains("I/O error, dev disk0, sector 64 op 0x0:(READ) flags 0x800 phys_seg 1 prio class 0"), s.dmesg());
        }
    }

    @Test
    void aNewDriverAdoptsWhatTheDeviceHolds_nothingLostOrDuplicated_andTheDataIsRight() {
        try (Stack s = new Stack()) {
            int n = 48;
            List<String> ends = new ArrayList<>();
            s.k.spawn(TaskSpec.process("fs"), k -> {
                for (int i = 0; i < n; i++) {
                    int id = i;
                    s.block.submitBio(Bio.write("disk0", 64L * i, pattern(8, i), (b, st) -> ends.add(id + " " + st)));
                }
            });
            s.k.run(30_000);
            int inDevice = s.disk.inFlight().size() + s.disk.completed().size();
            assertTrue(inDevice > 0 && ends.size() < n, "a swap under load: " + inDevice + " on the device, " + ends.size() + " ended");
            s.driver.deactivate();
            s.k.run(200_000);                                   // completions pile up with no handler
            assertTrue(s.disk.completed().size() > 0);
            s.driver = s.bind();
            s.k.runUntilIdle(1_000_000_000L);
            assertTrue(s.dmesg().contains("adopted "), s.dmesg());
            s.st.assertWrittenOnceAndReadsBack(ends, n);
        }
    }
}
