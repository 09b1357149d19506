package org.kernellab.driver.disk;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.Collectors;

import org.kernellab.api.Kernel;
import org.kernellab.api.PreemptLayout;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.block.impl.BlockLayerImpl;
import org.kernellab.core.StandaloneMachine;
import org.kernellab.device.disk.DiskModel;
import org.kernellab.device.disk.TestDisks;
import org.kernellab.driver.disk.common.DiskDriverCore;
import org.kernellab.irq.IrqLayer;
import org.kernellab.softirq.impl.KthreadLayer;
import org.kernellab.softirq.impl.SoftirqLayer;

/**
 * The whole stack on a standalone machine for a driver's unit tests: interrupts, softirqs, the
 * block layer and the disk model, with no driver bound until {@link #bind} is called. Shared
 * with version 2's tests through this module's test jar.
 */
public final class DiskStack implements AutoCloseable {
    /** Makes a driver of some version over the stack's parts. */
    @FunctionalInterface
    public interface DriverFactory {
        DiskDriverCore bind(DiskStack s);
    }

    public final StandaloneMachine m = new StandaloneMachine(2, 250, 1, ViolationPolicy.PANIC, PreemptModel.FULL, PreemptLayout.LINUX_6);
    public final Kernel k = m.kernel();
    public final IrqLayer irqs = new IrqLayer(k, m.context(), m.machine(), m.tracer());
    public final BlockLayerImpl block;
    public final DiskModel disk;

    public DiskStack(Path image) {
        m.withPeriodicTick();
        m.irqEntry(irqs);
        irqs.requestIrq(0, (i, d) -> {
            m.timeKeeping().tick();
            return IrqReturn.HANDLED;
        }, EnumSet.of(IrqFlag.PERCPU, IrqFlag.TIMER), "timer", this);
        SoftirqLayer softirqs = new SoftirqLayer(k, m.machine(), new KthreadLayer(k, m.machine()));
        m.bottomHalf(softirqs);
        block = new BlockLayerImpl(k, m.machine(), softirqs);
        disk = TestDisks.ssd(m.machine(), image, 65536);
    }

    /** Version 1 over this stack. */
    public DiskDriver v1() {
        return new DiskDriver(disk, block, irqs, m.machine(), k);
    }

    /** How often the disk's line has fired, on every CPU, as /proc/interrupts counts it. */
    public long diskInterrupts() {
        for (String line : irqs.procInterrupts().split("\n")) {
            if (!line.endsWith(" " + disk.name())) continue;
            String[] f = line.trim().split("\\s+");
            long n = 0;
            for (int c = 1; c <= m.kernel().nrCpus(); c++) n += Long.parseLong(f[c]);
            return n;
        }
        return 0;
    }

    public String dmesg() {
        return k.dmesg().stream().map(l -> l.text).collect(Collectors.joining("\n"));
    }

    /** A recognisable pattern of {@code sectors} sectors. */
    public static byte[] pattern(int sectors, int seed) {
        byte[] b = new byte[sectors * 512];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 13 + seed * 7 + 1);
        return b;
    }

    /**
     * After a run of {@code n} 4 KiB writes of {@link #pattern}(8, i) at sector 64 * i, whose
     * ends were recorded as "i STATUS": every write ended once and OK, reached the device once,
     * and reads back as written.
     */
    public void assertWrittenOnceAndReadsBack(java.util.List<String> ends, int n) {
        org.junit.jupiter.api.Assertions.assertEquals(n, ends.size(), ends.toString());
        org.junit.jupiter.api.Assertions.assertEquals(n, ends.stream().distinct().count(), "no bio ended twice");
        org.junit.jupiter.api.Assertions.assertTrue(ends.stream().allMatch(e -> e.endsWith(" OK")), ends.toString());
        org.junit.jupiter.api.Assertions.assertEquals(n, disk.stats().writesCompleted, "each write reached the device exactly once");
        byte[][] back = new byte[n][4096];
        k.spawn(org.kernellab.api.TaskSpec.process("check"), kk -> {
            for (int i = 0; i < n; i++) block.submitBioWait(org.kernellab.api.block.Bio.read("disk0", 64L * i, back[i], null));
        });
        k.runUntilIdle(1_000_000_000L);
        for (int i = 0; i < n; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(pattern(8, i), back[i], "block " + i);
    }

    @Override
    public void close() { m.close(); }
}
