package org.kernellab.mm.impl;

import java.util.ArrayDeque;
import java.util.TreeMap;

import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.mm.PageAllocator;

/**
 * One machine generation's memory: node 0's only zone, "Normal" (struct pglist_data and struct
 * zone, include/linux/mmzone.h): the frames' contents, the buddy free lists, the watermarks, the
 * clean page-cache pages reclaim may drop, the vm event counters, kswapd's state and warn_alloc's
 * rate limit. A reset of the machine discards it; {@link MemoryNode#live()} builds the next one
 * on first use, so every run starts from the same empty memory.
 *
 * <h2>Locking</h2>
 * None. Every field is written only by simulated code (one thing at a time) or at a safe point;
 * readers outside the simulation go through Machine.still.
 */
final class Zone {
    final long generation;
    final Ram ram;
    final BuddyAllocator buddy;
    final Watermarks wm;

    /** The inactive file LRU: clean page-cache pages, oldest first (lruvec LRU_INACTIVE_FILE). */
    final ArrayDeque<Long> inactiveFile = new ArrayDeque<>();

    // ---- vm events and node stats (include/linux/vm_event_item.h, mmzone.h) ----
    long pgallocNormal;
    long pgfree;
    long pgscanKswapd;
    long pgstealKswapd;
    long pgscanDirect;
    long pgstealDirect;
    long allocstallNormal;
    long pageoutrun;
    long kswapdLowWmarkHitQuickly;
    long kswapdHighWmarkHitQuickly;
    long dropPagecache;
    /** NR_SLAB_UNRECLAIMABLE_B in pages: frames the slab holds. */
    long slabPages;

    // ---- kswapd (pgdat->kswapd, kswapd_order, kswapd_wait, kswapd_failures) ----
    Kthread kswapd;
    boolean kswapdWanted;
    int kswapdOrder;
    int kswapdFailures;

    // ---- warn_alloc's nopage_rs (struct ratelimit_state) ----
    boolean rlStarted;
    long rlBegin;
    int rlPrinted;
    int rlMissed;

    // ---- the slab's per-boot state (mm/slub.c) ----
    /** virt_to_slab(): the slab each frame belongs to, by pfn (made on the slab's first use). */
    SlabPage[] slabByPfn;
    /** kmalloc_large() allocations: address to order. */
    final TreeMap<Long, Integer> largeKmalloc = new TreeMap<>();
    /** Objects allocated through a bundle's Slab and not yet freed: address to that Slab. */
    final TreeMap<Long, Object> slabOwners = new TreeMap<>();
    /** TAINT_BAD_PAGE ('B'), set by the first slab corruption report of this boot. */
    boolean badPageTaint;

    /** Blocks allocated through a bundle's PageAllocator and not yet freed, by first pfn. */
    final TreeMap<Long, Block> blocks = new TreeMap<>();

    /** A block held by a bundle: the bundle's allocator and the order. */
    record Block(PageAllocator holder, int order) { }

    Zone(long generation, int pages, Watermarks wm) {
        this.generation = generation;
        this.ram = new Ram(pages);
        this.buddy = new BuddyAllocator(pages, PageAllocator.MAX_ORDER);
        this.wm = wm;
    }

    /** The slab holding frame {@code pfn}, or null (also for a pfn outside RAM). */
    SlabPage slabOf(long pfn) {
        SlabPage[] s = slabByPfn;
        return s == null || pfn < 0 || pfn >= s.length ? null : s[(int) pfn];
    }

    void setSlab(long pfn, SlabPage sp) {
        if (slabByPfn == null) slabByPfn = new SlabPage[buddy.nrPages];
        slabByPfn[(int) pfn] = sp;
    }

    long free() {
        return buddy.freePages();
    }
}
