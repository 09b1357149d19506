package org.kernellab.demos;

import java.util.EnumSet;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.PageAllocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A handler allocates with GFP_KERNEL: might_alloc() (include/linux/sched/mm.h) gives
 * "BUG: sleeping function called from invalid context"; the same allocation with GFP_ATOMIC is
 * the fix.
 */
@Component(service = Demo.class, property = "demo.name=gfp-kernel-in-irq")
public final class GfpKernelInIrqDemo extends DemoBase {
    private final PageAllocator pages;

    @Activate
    public GfpKernelInIrqDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
            @Reference PageAllocator pages) {
        super(kernel, irqs, machine);
        this.pages = pages;
    }

    @Override public String name() { return "gfp-kernel-in-irq"; }
    @Override public String description() { return "an interrupt handler allocates a page with GFP_KERNEL and gets the BUG report; GFP_ATOMIC is the fix"; }

    @Override
    public long setup() {
        claim(DEV_IRQ, (irq, dev) -> {
            say("handler for irq " + irq + " calls alloc_pages(GFP_KERNEL, 0): " + ctx());
            long pfn = pages.allocPages(Gfp.GFP_KERNEL, 0);
            say("alloc_pages(GFP_KERNEL) returned " + (pfn < 0 ? pfn + " (KernelLab skips a sleeping call in interrupt context)" : "pfn " + pfn));
            if (pfn >= 0) pages.freePages(pfn, 0);
            long atomic = pages.allocPages(Gfp.GFP_ATOMIC, 0);
            say("the fix, alloc_pages(GFP_ATOMIC, 0), returned " + (atomic < 0 ? String.valueOf(atomic) : "pfn " + atomic) + " without a report");
            if (atomic >= 0) pages.freePages(atomic, 0);
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("app").onCpu(0), k -> {
            k.compute(5_000_000);
            say("what it shows: GFP_KERNEL (" + String.format("%#x", Gfp.GFP_KERNEL) + ") includes __GFP_DIRECT_RECLAIM, so when memory is"
                    + " short the allocator reclaims pages itself and may sleep; might_alloc() checks the caller's context before it"
                    + " tries, and a hard-IRQ handler (preempt_count has HARDIRQ set) must never sleep.");
            say("in an interrupt handler or under a spinlock use GFP_ATOMIC (" + String.format("%#x", Gfp.GFP_ATOMIC) + "): it never"
                    + " sleeps and may dip into the min reserve (down to 3/8 of it), so it can fail and should be used sparingly.");
        });
        raiseAt(1_000_000, DEV_IRQ);
        return 10_000_000;
    }
}
