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

/** A driver kfree()s the same object twice: SLUB's "Object already free" (mm/slub.c free_consistency_checks). */
@Component(service = Demo.class, property = "demo.name=slab-double-free")
public final class SlabDoubleFreeDemo extends DemoBase {
    private final Slab slab;

    @Activate
    public SlabDoubleFreeDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine, @Reference Slab slab) {
        super(kernel, irqs, machine);
        this.slab = slab;
    }

    @Override public String name() { return "slab-double-free"; }
    @Override public String description() { return "a driver frees the same kmalloc object twice and SLUB reports it"; }

    @Override
    public long setup() {
        kernel.spawn(TaskSpec.process("driver").onCpu(0), k -> {
            long obj = slab.kmalloc(64, Gfp.GFP_KERNEL);
            byte[] msg = "request #1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            slab.write(obj, msg, 0, msg.length);
            say(String.format("driver kmalloc(64) = 0x%016x and stored \"request #1\" in it", obj));
            k.compute(100_000);
            slab.kfree(obj);
            say("driver kfree()s it when the request completes");
            k.compute(100_000);
            say("an error path kfree()s the same pointer again:");
            slab.kfree(obj);
            say("what it shows: SLUB keeps every free object of a slab on the slab's freelist. With slub_debug (on in the"
                    + " teaching profile) kfree() first checks that the object is not already on it; it was, so SLUB printed"
                    + " \"Object already free\" with who allocated and who freed it, and refused the second free (FIX ... not freed).");
            say("without slub_debug nothing checks: the object would sit on the freelist twice and be handed to two owners,"
                    + " who then corrupt each other. Fix: free an object on exactly one path, and set the pointer to NULL after kfree().");
        });
        return 5_000_000;
    }
}
