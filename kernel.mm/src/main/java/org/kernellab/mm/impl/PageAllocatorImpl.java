package org.kernellab.mm.impl;

import org.kernellab.api.Ctx;
import org.kernellab.api.Kernel;
import org.kernellab.api.LogLevel;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.dto.BuddyInfoDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The page allocator: GFP semantics in front of one zone ("Normal", node 0) managed by a
 * {@link BuddyAllocator}. A configuration change gives a fresh zone (DS re-creates the
 * component, and every block handed out before is forgotten with the old one).
 *
 * <h2>Locking</h2>
 * The zone is guarded by {@link #zone}'s monitor (zone->lock). Simulated code runs one thing
 * at a time, so it is never contended there; it serialises readers outside the simulation.
 * No kernel call is made while it is held.
 */
@Component(service = PageAllocator.class, configurationPid = PageAllocatorImpl.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = PerBundle.PROPERTY + ":Boolean=true")
@Designate(ocd = PageAllocatorImpl.Config.class)
public final class PageAllocatorImpl implements PageAllocator, PerBundle<PageAllocator> {
    public static final String PID = "org.kernellab.mm.pagealloc";

    /** DEFAULT_RATELIMIT_INTERVAL (5 * HZ) and DEFAULT_RATELIMIT_BURST of warn_alloc's nopage_rs. */
    static final long RATELIMIT_INTERVAL_NS = 5_000_000_000L;
    static final int RATELIMIT_BURST = 10;

    @ObjectClassDefinition(name = "KernelLab page allocator",
            description = "The physical memory zone. Changing it gives a fresh, empty zone.")
    public @interface Config {
        @AttributeDefinition(description = "Number of 4 KiB page frames in the zone (16384 = 64 MiB).",
                min = "1", max = "16777216")
        int pages() default 16384;
    }

    private final Kernel kernel;
    private final BuddyAllocator zone;
    // warn_alloc ratelimit state, guarded by zone
    private long rlBegin = Long.MIN_VALUE;
    private int rlPrinted;

    /** Other bundles see the allocator behind the kernel's contract boundary (the core's service hooks). */
    @Activate
    public PageAllocatorImpl(@Reference Kernel kernel, Config config) {
        this(kernel, config.pages());
    }

    PageAllocatorImpl(Kernel kernel, int pages) {
        if (pages < 1 || pages > 16_777_216) {
            throw new IllegalArgumentException("pages " + pages + " is out of range 1..16777216");
        }
        this.kernel = kernel;
        this.zone = new BuddyAllocator(pages, MAX_ORDER);
    }

    @Override
    public long allocPages(int gfp, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order " + order + " is out of range 0.." + MAX_ORDER);
        }
        int unknown = gfp & ~Gfp.KNOWN;
        if (unknown != 0) {
            throw new IllegalArgumentException(String.format("gfp %#x has bits KernelLab does not define: %#x", gfp, unknown));
        }
        // might_alloc() -> might_sleep_if(gfpflags_allow_blocking(gfp)) (include/linux/sched/mm.h)
        // In warn mode from interrupt context the sleeping allocation is skipped and fails, as
        // every sleeping call there is (docs/execution-model.md); Linux would try to sleep.
        if (Gfp.allowsBlocking(gfp)
                && !kernel.mightSleep(Ctx.MAY_SLEEP, "alloc_pages(" + Gfp.toString(gfp) + ")", "use GFP_ATOMIC in atomic context")) {
            return ENOMEM;
        }
        int pfn;
        synchronized (zone) {
            pfn = zone.alloc(order);
        }
        if (pfn == BuddyAllocator.NONE) {
            warnAlloc(gfp, order);
            return ENOMEM;
        }
        return pfn;
    }

    @Override
    public void freePages(long pfn, int order) {
        synchronized (zone) {
            zone.free(pfn, order);
        }
        // whoever frees it (another bundle may, if it was handed the block), it is no longer held
        blocks.remove(pfn);
    }

    // ---------------------------------------------------------------------------------
    // Safe unload: one PageAllocator per using bundle (PerBundle)

    /** A block allocated through a bundle's allocator and not yet freed: its holder and order. */
    private record Block(ForBundle holder, int order) { }

    /** Every block allocated through a per-bundle allocator and not yet freed, by first pfn. Any thread. */
    private final java.util.concurrent.ConcurrentMap<Long, Block> blocks = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The PageAllocator a bundle sees (behind the boundary): the blocks it allocates are the bundle's. */
    private final class ForBundle implements PageAllocator {
        final Holder holder;

        ForBundle(Holder holder) {
            this.holder = holder;
        }

        @Override
        public long allocPages(int gfp, int order) {
            long pfn = PageAllocatorImpl.this.allocPages(gfp, order);
            if (pfn >= 0) blocks.put(pfn, new Block(this, order));
            return pfn;
        }

        @Override public void freePages(long pfn, int order) { PageAllocatorImpl.this.freePages(pfn, order); }
        @Override public long nrFreePages() { return PageAllocatorImpl.this.nrFreePages(); }
        @Override public long totalPages() { return PageAllocatorImpl.this.totalPages(); }
        @Override public BuddyInfoDTO buddyInfo() { return PageAllocatorImpl.this.buddyInfo(); }
        @Override public String procBuddyinfo() { return PageAllocatorImpl.this.procBuddyinfo(); }
        @Override public String toString() { return "PageAllocator of " + holder.label(); }
    }

    @Override
    public PageAllocator open(Holder holder) {
        return new ForBundle(holder);
    }

    /** The bundle's blocks not yet freed, one entry per order (lowest first), with their count. */
    @Override
    public java.util.List<LeakDTO> held(PageAllocator opened) {
        java.util.TreeMap<Integer, Integer> byOrder = new java.util.TreeMap<>();
        for (Block b : blocks.values()) if (b.holder() == opened) byOrder.merge(b.order(), 1, Integer::sum);
        java.util.List<LeakDTO> out = new java.util.ArrayList<>();
        byOrder.forEach((order, n) -> out.add(new LeakDTO("pages", n + (n == 1 ? " block" : " blocks") + " of order " + order
                + " (" + (n << order) + (n << order == 1 ? " page)" : " pages)"), "allocated", "__free_pages()",
                "call __free_pages() (PageAllocator.freePages) on each block in your deactivate")));
        return out;
    }

    /** __free_pages() of each of the bundle's blocks (KernelLab's addition, issue 9 §5): they merge back into the zone. */
    @Override
    public void release(PageAllocator opened) {
        for (var e : blocks.entrySet()) {
            if (e.getValue().holder() == opened) freePages(e.getKey(), e.getValue().order());
        }
    }

    @Override
    public long nrFreePages() {
        synchronized (zone) {
            return zone.freePages();
        }
    }

    @Override
    public long totalPages() {
        return zone.nrPages;
    }

    @Override
    public BuddyInfoDTO buddyInfo() {
        BuddyInfoDTO d = new BuddyInfoDTO();
        d.node = 0;
        d.zone = "Normal";
        synchronized (zone) {
            d.nrFree = zone.nrFree();
        }
        return d;
    }

    @Override
    public String procBuddyinfo() {
        BuddyInfoDTO d = buddyInfo();
        StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s ", d.node, d.zone));
        for (long n : d.nrFree) sb.append(String.format("%6d ", n));
        return sb.append('\n').toString();
    }

    /** String for tests: the first broken buddy invariant, or null. */
    String check() {
        synchronized (zone) {
            return zone.check();
        }
    }

    /** warn_alloc() (mm/page_alloc.c): the failure report, unless __GFP_NOWARN or rate-limited. */
    private void warnAlloc(int gfp, int order) {
        if ((gfp & Gfp.__GFP_NOWARN) != 0) return;
        long now = kernel.now();
        long free;
        long[] nrFree;
        synchronized (zone) {
            // ___ratelimit(): a burst per interval
            if (rlBegin == Long.MIN_VALUE || now - rlBegin >= RATELIMIT_INTERVAL_NS) {
                rlBegin = now;
                rlPrinted = 0;
            }
            if (rlPrinted >= RATELIMIT_BURST) return;
            rlPrinted++;
            free = zone.freePages();
            nrFree = zone.nrFree();
        }
        int largest = -1;
        for (int o = 0; o < nrFree.length; o++) if (nrFree[o] > 0) largest = o;
        kernel.printk(LogLevel.WARNING, String.format("%s: page allocation failure: order:%d, mode:%#x(%s), nodemask=(null)",
                comm(), order, gfp, Gfp.toString(gfp))
                + String.format("%nKernelLab: zone Normal has %d free pages, largest free block order %d; "
                        + "free blocks with free_pages(), ask for a smaller order, or pass __GFP_NOWARN when failure is expected",
                        free, largest));
    }

    /** current->comm; the console thread when called from outside the simulation. */
    private String comm() {
        try {
            return kernel.current().comm();
        } catch (IllegalStateException outside) {
            return "(console)";
        }
    }
}
