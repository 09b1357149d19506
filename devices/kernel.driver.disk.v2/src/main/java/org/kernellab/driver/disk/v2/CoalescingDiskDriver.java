package org.kernellab.driver.disk.v2;

import org.kernellab.api.Kernel;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.hw.disk.DiskDevice;
import org.kernellab.api.irq.IrqController;
import org.kernellab.driver.disk.common.DiskDriverCore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The disk driver, version 2: version 1 with the device's interrupt coalescing on, as NVMe's
 * Interrupt Coalescing feature sets it: one interrupt per {@value #THRESHOLD} completions, or
 * {@value #TIME_NS} ns after the first completion not yet signalled. Under load the disk
 * interrupts several times less often (see /proc/interrupts), and a completion may wait up to
 * 100 us longer before the block layer hears of it. Linux's nvme driver leaves coalescing off
 * by default; an administrator turns it on with {@code nvme set-feature -f 8}.
 */
@Component(immediate = true, service = MachineListener.class)
public final class CoalescingDiskDriver extends DiskDriverCore {
    static final int THRESHOLD = 8;
    static final long TIME_NS = 100_000;

    @Activate
    public CoalescingDiskDriver(@Reference DiskDevice disk, @Reference BlockLayer block, @Reference IrqController irqs,
                                @Reference Machine machine, @Reference Kernel kernel) {
        super(disk, block, irqs, machine, kernel);
        bind();
    }

    @Override
    protected String version() { return "kernel.driver.disk 2"; }

    @Override
    protected String configure() {
        disk.setCoalescing(THRESHOLD, TIME_NS);
        return ", interrupt coalescing " + THRESHOLD + " completions / " + TIME_NS / 1000 + " us";
    }

    @Deactivate
    public void deactivate() { unbind(); }
}
