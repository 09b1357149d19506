package org.kernellab.driver.disk;

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
 * The disk driver, version 1: one interrupt for every completion. It turns the device's
 * interrupt coalescing off when it binds, so a swap back from version 2 behaves as version 1
 * always did. See {@link DiskDriverCore} for what every version does.
 */
@Component(immediate = true, service = MachineListener.class)
public final class DiskDriver extends DiskDriverCore {
    @Activate
    public DiskDriver(@Reference DiskDevice disk, @Reference BlockLayer block, @Reference IrqController irqs,
                      @Reference Machine machine, @Reference Kernel kernel) {
        super(disk, block, irqs, machine, kernel);
        bind();
    }

    @Override
    protected String version() { return "kernel.driver.disk 1"; }

    @Override
    protected String configure() {
        disk.setCoalescing(1, 0);
        return "";
    }

    @Deactivate
    public void deactivate() { unbind(); }
}
