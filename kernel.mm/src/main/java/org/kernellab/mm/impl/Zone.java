package org.kernellab.mm.impl;

import java.util.LinkedHashMap;
import java.util.TreeMap;

import org.kernellab.api.kthread.Kthread;
import org.kernellab.api.mm.PageAllocator;

/**
 * One machine generation's memory: node 0's only zone, "Normal" (struct pglist_data and struct
 * zone, include/linux/mmzone.h): the frames' contents, the buddy free lists, the watermarks, the
 * page-cache pages on the inactive file list (reclaim asks their mappings before it drops one),
 * the vm event counters, kswapd's state and warn_alloc's rate limit. A reset of the machine
 * discards it; {@link MemoryNode#live()} builds the next one on first use, so every run starts
 * from the same empty memory.
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

    /** zone->per_cpu_pageset: each CPU's list of free order-0 pages (see {@link PerCpuPages}). */
    final PerCpuPages[] pcp;
    /** Pages on all the per-CPU lists (the sum of their counts; Linux's free_pcp). */
    long pcpPages;
    /** Which frames sit on a per-CPU list: free for KernelLab, allocated for the buddy lists. */
    final boolean[] onPcp;
    /** ZONE_RECLAIM_ACTIVE: kswapd is balancing, so frees keep at most 4 batches per CPU (nr_pcp_high). */
    boolean reclaimActive;

    /**
     * The inactive file LRU (lruvec LRU_INACTIVE_FILE): every page-cache page by pfn, oldest first,
     * with the mapping it belongs to, which reclaim asks before it frees the page.
     */
    final LinkedHashMap<Long, CacheOwner> inactiveFile = new LinkedHashMap<>();

    /** The pages the last shrink of the inactive list scanned (pgscan; pgsteal counts those freed). */
    long lastScanned;

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

    Zone(long generation, int pages, Watermarks wm, int nrCpus) {
        this.generation = generation;
        this.ram = new Ram(pages);
        this.buddy = new BuddyAllocator(pages, PageAllocator.MAX_ORDER);
        this.wm = wm;
        // zone_pcp_init() + zone_set_pageset_high_and_batch() (mm/page_alloc.c)
        int batch = PerCpuPages.batchSize(pages);
        int high = PerCpuPages.highSize(wm.low(), batch, nrCpus);
        this.pcp = new PerCpuPages[Math.max(1, nrCpus)];
        for (int c = 0; c < pcp.length; c++) pcp[c] = new PerCpuPages(c, batch, high);
        this.onPcp = new boolean[pages];
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

    /**
     * NR_FREE_PAGES as KernelLab counts it: the buddy lists and the per-CPU lists. Linux leaves
     * the per-CPU pages out (they show as free_pcp); counting them keeps the watermark rules and
     * MemFree exactly where they were before the lists (docs/memory.md).
     */
    long free() {
        return buddy.freePages() + pcpPages;
    }

    /**
     * The buddy invariants ({@link BuddyAllocator#check}), then the per-CPU lists': each page on
     * a list is an order-0 block the buddy counts as allocated, marked, on one list once; the
     * counts add up. Returns the first broken one, or null.
     */
    String check() {
        String b = buddy.check();
        if (b != null) return b;
        boolean[] seen = new boolean[onPcp.length];
        long total = 0;
        for (PerCpuPages p : pcp) {
            for (int i = 0; i < p.count; i++) {
                int pfn = p.pages[i];
                if (seen[pfn]) return "pfn " + pfn + " is twice on the per-CPU lists";
                seen[pfn] = true;
                if (!onPcp[pfn]) return "pfn " + pfn + " is on cpu " + p.cpu + "'s list but not marked";
                if (buddy.allocatedOrder(pfn) != 0) return "pfn " + pfn + " on cpu " + p.cpu + "'s list is not an order-0 block";
            }
            total += p.count;
        }
        for (int pfn = 0; pfn < onPcp.length; pfn++) if (onPcp[pfn] && !seen[pfn]) return "pfn " + pfn + " is marked but on no per-CPU list";
        if (total != pcpPages) return "per-CPU pages counted " + total + ", recorded " + pcpPages;
        return null;
    }
}
