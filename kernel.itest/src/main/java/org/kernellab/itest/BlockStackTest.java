package org.kernellab.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockLayer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The block layer, the disk driver and the disk model wired up by DS: a write and a read through
 * the whole stack (submit_bio_wait, mq-deadline, queue_rq, the disk's tags, its interrupt,
 * BLOCK_SOFTIRQ) return the data, and /proc/diskstats counts them.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class BlockStackTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService
    CommandProcessor processor;

    @Test
    void writeThenRead_throughBlockLayerDriverAndDiskModel_returnsTheData() throws Exception {
        Kernel kernel = PolicyBundles.tickingKernel(context);
        BlockLayer block = PolicyBundles.awaitDisk(context, "disk0");
        assertEquals("checked", context.getServiceReference(BlockLayer.class).getProperty("kernel.boundary"));
        byte[] data = new byte[8 * 512], back = new byte[8 * 512];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 11 + 5);
        BlkStatus[] st = new BlkStatus[2];
        long sector = 2_000_000;                       // far from anything another test touches
        kernel.spawn(TaskSpec.process("blkitest"), k -> {
            st[0] = block.submitBioWait(Bio.write("disk0", sector, data, null));
            st[1] = block.submitBioWait(Bio.read("disk0", sector, back, null));
        });
        kernel.runUntilIdle(1_000_000_000L);
        assertEquals(BlkStatus.OK, st[0]);
        assertEquals(BlkStatus.OK, st[1]);
        assertArrayEquals(data, back);
        try (GogoSession session = new GogoSession(processor)) {
            String text = assertInstanceOf(String.class, session.execute("kernel:cat /proc/diskstats"));
            String[] f = text.trim().split("\\s+");
            assertEquals("8", f[0]);
            assertEquals("disk0", f[2], text);
            assertEquals("1", f[3], "one read completed: " + text);
            assertEquals("1", f[7], "one write completed: " + text);
            assertTrue(text.endsWith("\n"));
        }
    }
}
