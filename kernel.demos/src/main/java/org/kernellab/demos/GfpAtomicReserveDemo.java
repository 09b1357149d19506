package org.kernellab.demos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.kernellab.api.Kernel;
import org.kernellab.api.TaskSpec;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.hw.Machine;
import org.kernellab.api.irq.IrqController;
import org.kernellab.api.irq.IrqFlag;
import org.kernellab.api.irq.IrqReturn;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.dto.ZoneInfoDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A task fills memory with GFP_NOWAIT until it fails at the min watermark; then an interrupt
 * handler still gets pages with GFP_ATOMIC, down to 3/8 of min (mm/page_alloc.c
 * __zone_watermark_ok: __GFP_HIGH halves min, not blocking takes a further quarter).
 */
@Component(service = Demo.class, property = "demo.name=gfp-atomic-reserve")
public final class GfpAtomicReserveDemo extends DemoBase {
    private final PageAllocator pages;

    @Activate
    public GfpAtomicReserveDemo(@Reference Kernel kernel, @Reference IrqController irqs, @Reference Machine machine,
            @Reference PageAllocator pages) {
        super(kernel, irqs, machine);
        this.pages = pages;
    }

    @Override public String name() { return "gfp-atomic-reserve"; }
    @Override public String description() { return "GFP_NOWAIT fails at the min watermark; GFP_ATOMIC in an interrupt handler still gets pages from the reserve"; }
    @Override public boolean showTrace() { return false; }

    /** Allocates order-0 pages with {@code gfp} until one fails. */
    private int drain(int gfp, List<Long> into) {
        int n = 0;
        for (long pfn; (pfn = pages.allocPages(gfp, 0)) >= 0; n++) into.add(pfn);
        return n;
    }

    @Override
    public long setup() {
        List<Long> held = new ArrayList<>();
        int[] atomicGot = {0};
        long[] atomicFreeAfter = {0};
        claim(DEV_IRQ, (irq, dev) -> {
            long before = pages.zoneInfo().free;
            atomicGot[0] = drain(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, held);
            atomicFreeAfter[0] = pages.zoneInfo().free;
            say("handler for irq " + irq + ": GFP_ATOMIC got " + atomicGot[0] + " more pages below min (free " + before + " -> "
                    + atomicFreeAfter[0] + "): " + ctx());
            return IrqReturn.HANDLED;
        }, EnumSet.noneOf(IrqFlag.class), "demo-dev");
        kernel.spawn(TaskSpec.process("filler").onCpu(0), k -> {
            ZoneInfoDTO z = pages.zoneInfo();
            long min = z.min;
            long atomicMin = min - min / 2 - (min - min / 2) / 4;
            say("zone " + z.zone + ": " + z.free + " of " + z.managed + " pages free; watermarks min " + z.min + ", low " + z.low
                    + ", high " + z.high + " (min_free_kbytes " + z.minFreeKbytes + ")");
            int got = drain(Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN, held);
            say("filler took " + got + " pages with GFP_NOWAIT; now " + pages.zoneInfo().free + " are free and GFP_NOWAIT fails:"
                    + " it may not go below min (" + min + ")");
            long again = pages.allocPages(Gfp.GFP_NOWAIT, 0);
            if (again >= 0) held.add(again);
            say("one more GFP_NOWAIT without __GFP_NOWARN returned " + again + " and printed warn_alloc's report above");
            machine.raiseIrq(DEV_IRQ, 0);
            k.compute(1_000_000);
            say("GFP_ATOMIC stopped with " + atomicFreeAfter[0] + " pages free; its floor is 3/8 of min: " + min + " - " + min
                    + "/2 - (" + min + " - " + min + "/2)/4 = " + atomicMin);
            for (long pfn : held) pages.freePages(pfn, 0);
            say("filler freed all " + held.size() + " pages; " + pages.zoneInfo().free + " are free again");
            say("what it shows: below the min watermark only allocations that may use the reserves succeed. GFP_NOWAIT gets"
                    + " none; GFP_ATOMIC (__GFP_HIGH and not blocking) may use 5/8 of min, because an interrupt handler cannot"
                    + " wait for reclaim; a blocking __GFP_HIGH allocation may use half. The reserve is what keeps atomic"
                    + " allocations working while kswapd reclaims, so GFP_ATOMIC is for where sleeping is impossible, not a"
                    + " way around a failing GFP_KERNEL.");
        });
        return 20_000_000;
    }
}
