package org.kernellab.mm.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.dto.BuddyInfoDTO;
import org.kernellab.api.mm.dto.ZoneInfoDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The page allocator: argument checks and might_alloc() in front of {@link MemoryNode#allocPages}
 * (watermarks, kswapd, direct reclaim, the OOM killer) over the one zone "Normal" of node 0.
 * Each using bundle gets its own object ({@link PerBundle}), so blocks it leaves allocated are
 * reported and freed when it goes. The zone belongs to the machine generation: after a reset
 * every frame is free again.
 *
 * <h2>Locking</h2>
 * None (see {@link MemoryNode}): allocation and free are simulated calls (or made with the
 * machine stopped); the read-only views take the machine still.
 */
@Component(service = PageAllocator.class, property = PerBundle.PROPERTY + ":Boolean=true")
public final class PageAllocatorImpl implements PageAllocator, PerBundle<PageAllocator> {
    private final MemoryNode node;
    private final MightAlloc mightAlloc;

    @Activate
    public PageAllocatorImpl(@Reference MemoryNode node) {
        this.node = node;
        this.mightAlloc = new MightAlloc(node.kernel, "alloc_pages");
    }

    @Override
    public long allocPages(int gfp, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order " + order + " is out of range 0.." + MAX_ORDER);
        }
        // might_alloc() -> might_sleep_if(gfpflags_allow_blocking(gfp)) (include/linux/sched/mm.h)
        // In warn mode from interrupt context the sleeping allocation is skipped and fails, as
        // every sleeping call there is (docs/execution-model.md); Linux would try to sleep.
        if (!mightAlloc.check(gfp)) return ENOMEM;
        return node.allocPages(gfp, order);
    }

    @Override
    public void freePages(long pfn, int order) {
        // whoever frees it (another bundle may, if it was handed the block), it is no longer held
        node.freePages(pfn, order);
    }

    // ---------------------------------------------------------------------------------
    // Safe unload: one PageAllocator per using bundle (PerBundle)

    /** The PageAllocator a bundle sees (behind the boundary): the blocks it allocates are the bundle's. */
    private final class ForBundle implements PageAllocator {
        final Holder holder;

        ForBundle(Holder holder) {
            this.holder = holder;
        }

        @Override
        public long allocPages(int gfp, int order) {
            long pfn = PageAllocatorImpl.this.allocPages(gfp, order);
            if (pfn >= 0) node.live().blocks.put(pfn, new Zone.Block(this, order));
            return pfn;
        }

        @Override public void freePages(long pfn, int order) { PageAllocatorImpl.this.freePages(pfn, order); }
        @Override public long nrFreePages() { return PageAllocatorImpl.this.nrFreePages(); }
        @Override public long totalPages() { return PageAllocatorImpl.this.totalPages(); }
        @Override public BuddyInfoDTO buddyInfo() { return PageAllocatorImpl.this.buddyInfo(); }
        @Override public ZoneInfoDTO zoneInfo() { return PageAllocatorImpl.this.zoneInfo(); }
        @Override public String procBuddyinfo() { return PageAllocatorImpl.this.procBuddyinfo(); }
        @Override public String toString() { return "PageAllocator of " + holder.label(); }
    }

    @Override
    public PageAllocator open(Holder holder) {
        return new ForBundle(holder);
    }

    /** The bundle's blocks not yet freed in this machine generation, one entry per order (lowest first), with their count. */
    @Override
    public List<LeakDTO> held(PageAllocator opened) {
        Zone z = node.readable();
        List<LeakDTO> out = new ArrayList<>();
        if (z == null) return out;
        TreeMap<Integer, Integer> byOrder = new TreeMap<>();
        for (Zone.Block b : z.blocks.values()) if (b.holder() == opened) byOrder.merge(b.order(), 1, Integer::sum);
        byOrder.forEach((order, n) -> out.add(new LeakDTO("pages", n + (n == 1 ? " block" : " blocks") + " of order " + order
                + " (" + (n << order) + (n << order == 1 ? " page)" : " pages)"), "allocated", "__free_pages()",
                "call __free_pages() (PageAllocator.freePages) on each block in your deactivate")));
        return out;
    }

    /** __free_pages() of each of the bundle's blocks (KernelLab's addition, issue 9 §5): they merge back into the zone. */
    @Override
    public void release(PageAllocator opened) {
        Zone z = node.readable();
        if (z == null) return;
        for (Map.Entry<Long, Zone.Block> e : new ArrayList<>(z.blocks.entrySet())) {
            if (e.getValue().holder() == opened) freePages(e.getKey(), e.getValue().order());
        }
    }

    @Override
    public long nrFreePages() {
        return node.still(() -> {
            Zone z = node.readable();
            return z == null ? (long) node.pages : z.free();
        });
    }

    @Override
    public long totalPages() {
        return node.pages;
    }

    @Override
    public BuddyInfoDTO buddyInfo() {
        return node.still(() -> {
            BuddyInfoDTO d = new BuddyInfoDTO();
            d.node = 0;
            d.zone = "Normal";
            d.nrFree = node.live().buddy.nrFree();
            return d;
        });
    }

    @Override
    public ZoneInfoDTO zoneInfo() {
        return node.still(() -> {
            Zone z = node.live();
            ZoneInfoDTO d = new ZoneInfoDTO();
            d.node = 0;
            d.zone = "Normal";
            d.free = z.free();
            d.min = z.wm.min();
            d.low = z.wm.low();
            d.high = z.wm.high();
            d.managed = node.pages;
            d.minFreeKbytes = z.wm.minFreeKbytes();
            return d;
        });
    }

    @Override
    public String procBuddyinfo() {
        BuddyInfoDTO d = buddyInfo();
        // frag_show_print() (mm/vmstat.c)
        StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s ", d.node, d.zone));
        for (long n : d.nrFree) sb.append(String.format("%6d ", n));
        return sb.append('\n').toString();
    }

    MemoryNode node() {
        return node;
    }

    /** For tests: the first broken invariant of the buddy and per-CPU lists, or null. */
    String check() {
        return node.still(() -> node.live().check());
    }
}
