package org.kernellab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kernellab.api.PreemptModel;
import org.kernellab.api.ViolationPolicy;
import org.kernellab.api.demo.Demo;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.Slab;
import org.kernellab.mm.impl.MemoryNode;
import org.kernellab.mm.impl.PageAllocatorImpl;
import org.kernellab.mm.impl.SlabImpl;
import org.kernellab.softirq.impl.KthreadLayer;

/** The memory demos on a standalone machine with the memory manager's page allocator and slab behind the boundary. */
class MemDemosTest {
    record Mm(PageAllocator pages, Slab slab) {}

    private static Mm mm(DemosTest.Env e) {
        MemoryNode node = new MemoryNode(e.m.kernel(), e.m.machine(), new KthreadLayer(e.m.kernel(), e.m.machine()), 16384, true);
        return new Mm(e.m.boundary().wrap(PageAllocator.class, new PageAllocatorImpl(node)),
                e.m.boundary().wrap(Slab.class, new SlabImpl(node)));
    }

    private static DemosTest.Outcome run(Function<DemosTest.Env, Demo> make) {
        return DemosTest.run(ViolationPolicy.WARN, PreemptModel.FULL, make, "continuation", false);
    }

    @Test
    void gfpKernelInIrq_reportsTheSleepingAllocation_andGfpAtomicIsTheFix() {
        DemosTest.Outcome o = run(e -> new GfpKernelInIrqDemo(e.m.kernel(), e.irqs, e.m.machine(), mm(e).pages()));
        // the caller's file is checked in the framework (MemDemosIT): PageAllocator's methods are all atomic-safe, so a
        // standalone wrap() adds no boundary frame for the report to find the caller behind
        assertTrue(o.log().contains("BUG: sleeping function called from invalid context at "), o.log());
        assertTrue(o.log().contains("in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 1, name: app"), o.log());
        assertTrue(o.log().contains("KernelLab: rule broken: alloc_pages(GFP_KERNEL) may sleep"), o.log());
        assertTrue(o.log().contains("KernelLab: fix: use GFP_ATOMIC in atomic context"), o.log());
        assertTrue(o.log().contains("gfp-kernel-in-irq: the fix, alloc_pages(GFP_ATOMIC, 0), returned pfn 0 without a report"), o.log());
        assertTrue(o.log().contains("gfp-kernel-in-irq: what it shows:"), o.log());
        assertEquals(1, o.log().split("BUG:", -1).length - 1, o.log());
    }

    @Test
    void gfpAtomicReserve_nowaitStopsAtMin_atomicGoesToThreeEighths() {
        DemosTest.Outcome o = run(e -> new GfpAtomicReserveDemo(e.m.kernel(), e.irqs, e.m.machine(), mm(e).pages()));
        // 64 MiB: min 256, low 320, high 384; GFP_ATOMIC's floor 256 - 128 - 32 = 96
        assertTrue(o.log().contains("zone Normal: 16384 of 16384 pages free; watermarks min 256, low 320, high 384 (min_free_kbytes 1024)"), o.log());
        assertTrue(o.log().contains("filler took 16128 pages with GFP_NOWAIT; now 256 are free"), o.log());
        assertTrue(o.log().contains("filler: page allocation failure: order:0, mode:0x800(GFP_NOWAIT), nodemask=(null)"), o.log());
        assertTrue(o.log().contains("GFP_ATOMIC got 160 more pages below min (free 256 -> 96)"), o.log());
        assertTrue(o.log().contains("its floor is 3/8 of min: 256 - 256/2 - (256 - 256/2)/4 = 96"), o.log());
        assertTrue(o.log().contains("filler freed all 16288 pages; 16384 are free again"), o.log());
        assertTrue(o.log().contains("gfp-atomic-reserve: what it shows:"), o.log());
    }

    @Test
    void slabDoubleFree_printsSlubsReport() {
        DemosTest.Outcome o = run(e -> new SlabDoubleFreeDemo(e.m.kernel(), e.irqs, e.m.machine(), mm(e).slab()));
        assertTrue(o.log().contains("BUG kmalloc-64 (Not tainted): Object already free"), o.log());
        assertTrue(o.log().contains("Allocated in SlabDoubleFreeDemo.lambda$setup$0 (SlabDoubleFreeDemo.java:"), o.log());
        assertTrue(o.log().contains("Freed in SlabDoubleFreeDemo.lambda$setup$0"), o.log());
        assertTrue(o.log().contains("FIX kmalloc-64: Object at 0x"), o.log());
        assertTrue(o.log().contains("slab-double-free: what it shows:"), o.log());
    }

    @Test
    void slabUseAfterFree_printsPoisonOverwritten() {
        DemosTest.Outcome o = run(e -> new SlabUseAfterFreeDemo(e.m.kernel(), e.irqs, e.m.machine(), mm(e).slab()));
        assertTrue(o.log().contains("SLUB filled the freed object with poison: 6b 6b 6b 6b 6b 6b 6b 6b"), o.log());
        assertTrue(o.log().contains("BUG kmalloc-96 (Not tainted): Poison overwritten"), o.log());
        assertTrue(o.log().contains("First byte 0x1 instead of 0x6b"), o.log());
        assertTrue(o.log().contains("FIX kmalloc-96: Restoring Poison"), o.log());
        assertTrue(o.log().contains("FIX kmalloc-96: Marking all objects used"), o.log());
        assertTrue(o.log().contains(", not the corrupted object"), o.log());
        assertFalse(o.log().contains("Oops"), o.log());
    }
}
