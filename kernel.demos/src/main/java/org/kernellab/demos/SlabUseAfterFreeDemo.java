package org.kernellab.demos;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.Slab;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A driver writes through a pointer it already kfree()d: the poison SLUB wrote into the freed
 * object is overwritten, and the next allocation from that slab reports "Poison overwritten"
 * (mm/slub.c check_object on alloc).
 */
@Component(service = Demo.class, property = "demo.name=slab-use-after-free")
public final class SlabUseAfterFreeDemo extends DemoBase {
    private final Slab slab;

    @Activate
    public SlabUseAfterFreeDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine, @Reference Slab slab) {
        super(kernel, irqs, machine);
        this.slab = slab;
    }

    @Override public String name() { return "slab-use-after-free"; }
    @Override public String description() { return "a driver writes to a kmalloc object after kfree() and SLUB's poison check catches it"; }

    @Override
    public long setup() {
        kernel.spawn(TaskSpec.process("driver").onCpu(0), k -> {
            long obj = slab.kmalloc(96, Gfp.GFP_KERNEL);
            say(String.format("driver kmalloc(96) = 0x%016x for a request; it keeps the pointer in its device struct", obj));
            k.compute(100_000);
            slab.kfree(obj);
            byte[] poison = new byte[8];
            slab.read(obj, poison, 0, 8);
            StringBuilder hex = new StringBuilder();
            for (byte b : poison) hex.append(String.format(" %02x", b & 0xff));
            say("driver kfree()s the request but forgets the pointer; SLUB filled the freed object with poison:" + hex);
            k.compute(100_000);
            byte[] status = {0x01, 0x00, 0x00, 0x00};
            slab.write(obj + 16, status, 0, status.length);
            say("a late completion writes status 1 through the stale pointer (offset 16 of the freed object)");
            k.compute(100_000);
            long next = slab.kmalloc(96, Gfp.GFP_KERNEL);
            say(String.format("the next kmalloc(96) returned 0x%016x%s", next, next == obj ? "" : ", not the corrupted object"));
            slab.kfree(next);
            say("what it shows: with slub_debug (on in the teaching profile) a freed object is filled with 0x6b and ends with"
                    + " 0xa5; the next allocation from its slab checks those bytes. They had changed, so SLUB printed \"Poison"
                    + " overwritten\" with the exact bytes, who allocated and freed the object, restored the poison and stopped"
                    + " using that slab (Marking all objects used).");
            say("the write itself went unnoticed when it happened; SLUB only finds the damage later. Without slub_debug the"
                    + " bytes would silently corrupt whoever got the object next. Fix: clear the pointer when you kfree(), and make"
                    + " sure nothing (an IRQ, a timer, a work item) can still use it, e.g. free_irq() or cancel_work_sync() first.");
        });
        return 5_000_000;
    }
}
