package org.kernellab.demos;

import org.kernellab.api.Kernel;
import org.kernellab.api.Task;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.block.Bio;
import org.kernellab.api.block.BlkStatus;
import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The seeds' story: task A writes a block with submit_bio_wait and sleeps in D state; task B
 * computes; the disk's completion interrupt arrives while B is current; the bottom half
 * (BLOCK_SOFTIRQ, at irq_exit on B's stack) ends the request and wakes A.
 */
@Component(service = Demo.class, property = "demo.name=disk-wakeup")
public final class DiskWakeupDemo extends DemoBase {
    static final String DISK = "disk0";
    /** A block away from the start of the disk: 4 KiB at 1 MiB. */
    static final long SECTOR = 2048;

    private final BlockLayer block;

    @Activate
    public DiskWakeupDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
                          @Reference BlockLayer block) {
        super(kernel, irqs, machine);
        this.block = block;
    }

    @Override public String name() { return "disk-wakeup"; }

    /** The story ends when A has its data and both tasks have exited: the run stops there, not after idle ticks. */
    @Override public boolean stopWhenIdle() { return true; }

    @Override
    public String description() {
        return "A writes and sleeps in D state, B runs, the disk interrupt arrives with current = B, BLOCK_SOFTIRQ wakes A";
    }

    @Override
    public long setup() {
        needDisk(block, DISK);
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        Task[] a = {null};
        a[0] = kernel.spawn(TaskSpec.process("A").onCpu(0), k -> {
            say("A writes 4 KiB at sector " + SECTOR + " of " + DISK + " with submit_bio_wait; it will sleep until the disk is done: " + ctx());
            long start = k.now();
            BlkStatus st = block.submitBioWait(Bio.write(DISK, SECTOR, data, (bio, status) -> say(
                    "the disk's interrupt came while B was running; at irq_exit BLOCK_SOFTIRQ ends the write (" + status
                    + ") on B's stack and wakes A, which is in state " + a[0].state().letter() + ": " + ctx())));
            say("A wakes up " + ms(k.now() - start) + " after it went to sleep; submit_bio_wait returned " + st + ": " + ctx());
            account("a task that waits for the disk sleeps in process context (state D); the disk's interrupt arrived while"
                + " B ran, so its handler and BLOCK_SOFTIRQ ran on B's stack, in interrupt and softirq context, and could not"
                + " sleep themselves. They only ended the request and woke A, which then ran in its own process context.");
        });
        kernel.spawn(TaskSpec.process("B").onCpu(0), k -> {
            say("B runs while A sleeps in D state (A is " + a[0].state().letter() + "), and computes 1 ms: " + ctx());
            k.compute(1_000_000);
            say("B finished its 1 ms; the completion interrupt arrived inside it");
        });
        return 10_000_000;
    }
}
