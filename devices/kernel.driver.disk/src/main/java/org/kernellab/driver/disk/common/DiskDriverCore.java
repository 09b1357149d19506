package org.kernellab.driver.disk.common;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kernellab.api.Errno;
import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockDriver;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.block.QueueRqStatus;
import org.kernellab.api.block.Request;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.hw.MachineListener;
import org.kernellab.api.hw.disk.DiskCommand;
import org.kernellab.api.hw.disk.DiskDevice;
import org.kernellab.api.hw.disk.DiskStatus;
import org.kernellab.api.hw.disk.dto.DiskCommandDTO;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;

/**
 * What every version of the disk driver does: binds a {@link DiskDevice} to the block layer as
 * its {@link BlockDriver}. {@code queueRq} maps a request to a free tag of the device's queue and
 * submits it, the request's id as the command's cookie; the interrupt handler reaps the
 * completions and hands each to the block layer ({@code blk_mq_complete_request}), which ends it
 * in BLOCK_SOFTIRQ. A version says how it programs the device ({@link #configure}).
 *
 * <p><b>Binding to a device in use.</b> {@link #bind} adopts what the device still holds: each
 * command in flight or completed and not yet reaped is matched, by cookie, to the block layer's
 * started request, and its tag is marked taken. A started request the device does not hold is
 * requeued. Then it programs the device, requests the line, attaches to the queue, and raises the
 * line once if completions are waiting (they were posted while no handler was registered).
 * {@link #unbind} frees the line and detaches, and leaves the commands with the device: the next
 * driver adopts them. So a driver swap loses and duplicates nothing.
 *
 * <p>The version-neutral part is compiled into each driver bundle (bnd's {@code -includepackage}),
 * not exported: two versions of a driver share no package at run time, so updating one refreshes
 * nothing else.
 *
 * <p>The tag table is simulated state: it is changed only by simulated code (queue_rq, the
 * handler) and, at binding, inside {@link Machine#still}.
 */
public abstract class DiskDriverCore implements BlockDriver, MachineListener {
    protected final DiskDevice disk;
    protected final BlockLayer block;
    protected final IrqController irqs;
    protected final Machine machine;
    protected final Kernel kernel;
    /** tag -> the request the device holds under it; null when the tag is free. */
    private final Request[] tags;
    /** The machine's boot generation the device was last programmed in: a reboot resets its features. */
    private long programmed = -1;

    protected DiskDriverCore(DiskDevice disk, BlockLayer block, IrqController irqs, Machine machine, Kernel kernel) {
        this.disk = disk;
        this.block = block;
        this.irqs = irqs;
        this.machine = machine;
        this.kernel = kernel;
        this.tags = new Request[disk.queueDepth()];
    }

    /** This version's name in the log, e.g. {@code kernel.driver.disk 1}. */
    protected abstract String version();

    /** Programs the device for this version, at binding; returns what the bound line adds, e.g. {@code ", interrupt coalescing 8/100 us"}. */
    protected abstract String configure();

    /** Adopts, programs the device, requests the line and attaches; call last in the subclass's constructor. */
    protected final void bind() {
        int adopted = machine.still(this::adopt);
        String programming = program();
        int rc = irqs.requestIrq(disk.irq(), (irq, dev) -> irq(), EnumSet.noneOf(IrqFlag.class), disk.name(), this);
        if (rc != 0) throw new IllegalStateException(disk.name() + ": request_irq(" + disk.irq() + ") failed with " + rc);
        rc = block.attachDriver(disk.name(), disk.capacitySectors(), disk.queueDepth(), this);
        if (rc != 0) {
            irqs.freeIrq(disk.irq(), this);
            throw new IllegalStateException(disk.name() + ": another driver is attached to its queue ("
                    + (rc == -Errno.EBUSY ? "-EBUSY" : rc) + ")");
        }
        machine.post(() -> {
            if (!disk.completed().isEmpty()) machine.raiseIrq(disk.irq(), disk.irqCpu());
        });
        kernel.printk(LogLevel.INFO, disk.name() + ": " + version() + " bound, " + disk.capacitySectors() + " 512-byte logical blocks, "
                + "queue depth " + disk.queueDepth() + ", irq " + disk.irq() + programming
                + (adopted > 0 ? ", adopted " + adopted + " command(s) the device holds" : ""));
    }

    private String program() {
        programmed = machine.generation();
        return configure();
    }

    /** Matches the device's commands to the layer's started requests by cookie; requeues the rest. */
    private int adopt() {
        Map<Long, Request> started = new HashMap<>();
        if (block.disks().contains(disk.name())) for (Request rq : block.started(disk.name())) started.put(rq.id(), rq);
        int adopted = 0;
        for (List<DiskCommandDTO> list : List.of(disk.inFlight(), disk.completed())) {
            for (DiskCommandDTO c : list) {
                Request rq = started.remove(c.cookie);
                if (rq == null) continue;
                tags[c.tag] = rq;
                adopted++;
            }
        }
        for (Request lost : started.values()) block.requeue(lost);
        return adopted;
    }

    @Override
    public final QueueRqStatus queueRq(Request rq) {
        if (programmed != machine.generation()) program(); // the first request since a reboot, which reset the device's features
        for (int tag = 0; tag < tags.length; tag++) {
            if (tags[tag] != null) continue;
            DiskCommand cmd = switch (rq.op()) {
                case READ -> DiskCommand.read(tag, rq.sector(), rq.sectors(), rq.buffer(), rq.id());
                case WRITE -> DiskCommand.write(tag, rq.sector(), rq.sectors(), rq.buffer(), rq.id());
                case FLUSH -> DiskCommand.flush(tag, rq.id());
            };
            int rc = disk.submit(cmd);
            if (rc == 0) {
                tags[tag] = rq;
                return QueueRqStatus.OK;
            }
            // -EBUSY: the tag holds a completion nobody claimed; try the next one
        }
        return QueueRqStatus.BUSY;
    }

    /** The interrupt handler: reaps every posted completion and completes its request. */
    protected IrqReturn irq() {
        List<DiskCommandDTO> done = disk.reap(tags.length);
        for (DiskCommandDTO c : done) {
            Request rq = tags[c.tag];
            if (rq == null || rq.id() != c.cookie) {
                kernel.printk(LogLevel.WARNING, disk.name() + ": completion of tag " + c.tag + " (cookie " + c.cookie
                        + ") belongs to no request this driver knows; dropped");
                continue;
            }
            tags[c.tag] = null;
            block.complete(rq, status(c.status));
        }
        return done.isEmpty() ? IrqReturn.NONE : IrqReturn.HANDLED;
    }

    /**
     * An uncorrectable media error (ATA's UNC) reaches the block layer as BLK_STS_IOERR: libata
     * turns it into the sense MEDIUM ERROR / unrecovered read error, which scsi_io_completion
     * reports as a plain I/O error.
     */
    private static BlkStatus status(DiskStatus s) {
        return s == DiskStatus.OK ? BlkStatus.OK : BlkStatus.IOERR;
    }

    /**
     * A reboot power-cycles the device and empties the queue: every tag is free again. The power
     * cycle also resets the device's features; the driver programs it again at the first request
     * ({@link #queueRq}), whichever of the two hears of the reboot first.
     */
    @Override
    public void machineReset(Machine m) {
        Arrays.fill(tags, null);
    }

    /** Frees the line and detaches; the device keeps its commands for the next driver. */
    protected final void unbind() {
        irqs.freeIrq(disk.irq(), this);
        block.detachDriver(disk.name(), this);
    }
}
