package org.kernellab.mm.impl;

/**
 * struct per_cpu_pages (include/linux/mmzone.h, Linux 6.6) for order 0: one CPU's list of free
 * pages taken from the buddy lists in batches, so that an order-0 allocation and free touch
 * neither the free lists nor the buddy merging. The list is a stack: {@code pages[count-1]} is
 * its head (the hottest page, taken first and where a free goes), {@code pages[0]} its tail
 * (the coldest, returned to the buddy first by free_pcppages_bulk()).
 *
 * <p>{@code batch} and {@code high} are computed as zone_batchsize() and zone_highsize() do
 * without percpu_pagelist_high_fraction (mm/page_alloc.c, 6.6): the batch is about 0.1% of the
 * zone (at most 1 MiB), divided by 4 and clamped to 2^n - 1, at least 1; high is the zone's
 * LOW watermark split across the node's CPUs, at least 4 batches.
 *
 * <h2>Locking</h2>
 * None, as for {@link Zone}: simulated code only (Linux's pcp->lock with the CPU pinned).
 */
final class PerCpuPages {
    final int cpu;
    final int batch;
    final int high;
    /** pcp->count: pages on the list. */
    int count;
    /** pcp->free_factor: doubles the bulk free while pages are freed without allocations. */
    int freeFactor;
    /** The list, tail at index 0, head at {@code count - 1}. */
    int[] pages;

    PerCpuPages(int cpu, int batch, int high) {
        this.cpu = cpu;
        this.batch = batch;
        this.high = high;
        this.pages = new int[Math.max(4, high + batch)];
    }

    /** zone_batchsize() (mm/page_alloc.c, 6.6) with zone_set_pageset_high_and_batch()'s max(1, …). */
    static int batchSize(long managedPages) {
        long batch = Math.min(managedPages >> 10, (1L << 20) / org.kernellab.api.mm.PhysMem.PAGE_SIZE);
        batch /= 4; // "We effectively *= 4 below"
        if (batch < 1) batch = 1;
        // rounddown_pow_of_two(batch + batch/2) - 1: 2^n - 1 has better cache-colouring properties
        batch = Long.highestOneBit(batch + batch / 2) - 1;
        return (int) Math.max(1, batch);
    }

    /** zone_highsize() (mm/page_alloc.c, 6.6) without percpu_pagelist_high_fraction: the LOW watermark split across the CPUs. */
    static int highSize(long lowWmark, int batch, int nrCpus) {
        long high = lowWmark / Math.max(1, nrCpus);
        return (int) Math.max(high, (long) batch << 2);
    }

    /** Takes the head page; the caller checked count > 0. */
    int pop() {
        return pages[--count];
    }

    /** Adds a page at the head (free_unref_page_commit's list_add). */
    void push(int pfn) {
        if (count == pages.length) pages = java.util.Arrays.copyOf(pages, pages.length * 2);
        pages[count++] = pfn;
    }

    /** Room for {@code n} pages in all. */
    void ensureCapacity(int n) {
        if (pages.length < n) pages = java.util.Arrays.copyOf(pages, n);
    }

    /** Forgets the {@code n} coldest pages (the caller returned them to the buddy lists). */
    void dropCold(int n) {
        System.arraycopy(pages, n, pages, 0, count - n);
        count -= n;
    }

    /**
     * nr_pcp_free() (mm/page_alloc.c, 6.6) for order 0: how many pages a free above high returns
     * to the buddy. At least batch stay on the list; the batch doubles (free_factor) each time
     * pages are freed in bulk with no allocation between.
     */
    int nrToFree(int highNow) {
        if (highNow < batch) return 1;
        int minNrFree = batch;
        int maxNrFree = highNow - batch;
        int n = batch << freeFactor;
        if (n < maxNrFree) freeFactor++;
        return Math.min(Math.max(n, minNrFree), maxNrFree); // clamp(batch, min_nr_free, max_nr_free)
    }
}
