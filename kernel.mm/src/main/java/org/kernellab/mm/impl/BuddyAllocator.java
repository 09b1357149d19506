package org.kernellab.mm.impl;

import java.util.Arrays;

/**
 * A binary buddy allocator over page frames 0..nrPages-1 (mm/page_alloc.c): one free list per
 * order, a block of order n is 2^n pages aligned to 2^n, and the buddy of the block at pfn is
 * the block at {@code pfn ^ (1 << n)}. Allocation takes the smallest free block that fits and
 * splits it, returning the upper halves to the lower lists (expand()); freeing merges with
 * the buddy while the buddy is free at the same order (__free_one_page()).
 *
 * <p>Not thread-safe: the caller serialises (see {@link PageAllocatorImpl}). Pure data
 * structure, no kernel calls, so it is tested on its own.
 */
final class BuddyAllocator {
    static final int NONE = -1;

    final int nrPages;
    final int maxOrder;
    /** Order of the free block starting at this pfn, or -1 if no free block starts here (PageBuddy + buddy_order). */
    private final byte[] freeOrder;
    /** Order of the allocated block starting at this pfn, or -1. KernelLab's bookkeeping, for checking frees. */
    private final byte[] allocOrder;
    /** Doubly linked free lists threaded through the pfns (page->buddy_list). */
    private final int[] next;
    private final int[] prev;
    private final int[] head;
    private final int[] tail;
    /** free_area[order].nr_free. */
    private final long[] nrFree;
    private long freePages;

    BuddyAllocator(int nrPages, int maxOrder) {
        if (nrPages < 1) throw new IllegalArgumentException("pages " + nrPages + " must be at least 1");
        if (maxOrder < 0 || maxOrder > 30) throw new IllegalArgumentException("maxOrder " + maxOrder + " is out of range 0..30");
        this.nrPages = nrPages;
        this.maxOrder = maxOrder;
        this.freeOrder = new byte[nrPages];
        this.allocOrder = new byte[nrPages];
        Arrays.fill(freeOrder, (byte) NONE);
        Arrays.fill(allocOrder, (byte) NONE);
        this.next = new int[nrPages];
        this.prev = new int[nrPages];
        this.head = new int[maxOrder + 1];
        this.tail = new int[maxOrder + 1];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
        this.nrFree = new long[maxOrder + 1];
        // Boot (memblock_free_all -> __free_pages_core): the largest aligned blocks that fit,
        // queued at the tail so that the lowest frames are handed out first.
        int pfn = 0;
        while (pfn < nrPages) {
            int order = maxOrder;
            while (order > 0 && ((pfn & ((1 << order) - 1)) != 0 || pfn + (1 << order) > nrPages)) order--;
            addFree(pfn, order, true);
            freePages += 1L << order;
            pfn += 1 << order;
        }
    }

    long freePages() { return freePages; }

    long[] nrFree() { return nrFree.clone(); }

    /** Allocates 2^order pages; returns the first pfn, or {@link #NONE} when no block is big enough. */
    int alloc(int order) {
        checkOrder(order);
        for (int o = order; o <= maxOrder; o++) {
            int pfn = head[o];
            if (pfn == NONE) continue;
            removeFree(pfn, o);
            // expand(): keep the lower half, give the upper halves back
            while (o > order) {
                o--;
                addFree(pfn + (1 << o), o, false);
            }
            allocOrder[pfn] = (byte) order;
            freePages -= 1L << order;
            return pfn;
        }
        return NONE;
    }

    /** Frees the block at {@code pfn}, which must have been allocated with exactly this order. */
    void free(long pfnArg, int order) {
        checkFree(pfnArg, order);
        int pfn = (int) pfnArg;
        allocOrder[pfn] = NONE;
        freePages += 1L << order;
        // __free_one_page(): merge while the buddy is a free block of the same order
        while (order < maxOrder) {
            int buddy = pfn ^ (1 << order);
            if (buddy >= nrPages || freeOrder[buddy] != order) break;
            removeFree(buddy, order);
            pfn &= buddy;
            order++;
        }
        addFree(pfn, order, false);
    }

    /** Throws, as {@link #free} does, unless {@code pfn} starts a block allocated with exactly this order. */
    void checkFree(long pfnArg, int order) {
        if (pfnArg < 0 || pfnArg >= nrPages) {
            throw new IllegalArgumentException("pfn " + pfnArg + " is out of range 0.." + (nrPages - 1));
        }
        checkOrder(order);
        int pfn = (int) pfnArg;
        int had = allocOrder[pfn];
        if (had == NONE) {
            throw new IllegalArgumentException("pfn " + pfn + " does not start an allocated block"
                    + (freeOrder[pfn] != NONE || isInsideFreeBlock(pfn) ? " (it is free: double free?)" : "")
                    + "; pass the pfn alloc_pages() returned");
        }
        if (had != order) {
            throw new IllegalArgumentException("order " + order + " does not match order " + had + " that pfn " + pfn
                    + " was allocated with");
        }
    }

    /** The order pfn was allocated with, or {@link #NONE}; for checks of the per-CPU lists. */
    int allocatedOrder(int pfn) {
        return allocOrder[pfn];
    }

    private boolean isInsideFreeBlock(int pfn) {
        for (int o = 1; o <= maxOrder; o++) {
            int start = pfn & ~((1 << o) - 1);
            if (freeOrder[start] == o) return true;
        }
        return false;
    }

    private void checkOrder(int order) {
        if (order < 0 || order > maxOrder) {
            throw new IllegalArgumentException("order " + order + " is out of range 0.." + maxOrder);
        }
    }

    private void addFree(int pfn, int order, boolean toTail) {
        freeOrder[pfn] = (byte) order;
        nrFree[order]++;
        if (head[order] == NONE) {
            head[order] = tail[order] = pfn;
            next[pfn] = prev[pfn] = NONE;
        } else if (toTail) {
            prev[pfn] = tail[order];
            next[pfn] = NONE;
            next[tail[order]] = pfn;
            tail[order] = pfn;
        } else {
            next[pfn] = head[order];
            prev[pfn] = NONE;
            prev[head[order]] = pfn;
            head[order] = pfn;
        }
    }

    private void removeFree(int pfn, int order) {
        int n = next[pfn];
        int p = prev[pfn];
        if (p == NONE) head[order] = n; else next[p] = n;
        if (n == NONE) tail[order] = p; else prev[n] = p;
        freeOrder[pfn] = NONE;
        nrFree[order]--;
    }

    /**
     * Checks every invariant and returns a description of the first one broken, or null: free
     * lists agree with the per-page orders and counts, blocks are aligned, inside the zone and
     * disjoint, free and allocated pages add up to the zone, and no two free buddies of the
     * same order are left unmerged.
     */
    String check() {
        int[] owner = new int[nrPages];
        Arrays.fill(owner, NONE);
        long free = 0;
        for (int o = 0; o <= maxOrder; o++) {
            long n = 0;
            int last = NONE;
            for (int pfn = head[o]; pfn != NONE; pfn = next[pfn]) {
                if (prev[pfn] != last) return "free list " + o + ": broken back link at pfn " + pfn;
                if (freeOrder[pfn] != o) return "pfn " + pfn + " is on free list " + o + " but marked order " + freeOrder[pfn];
                if ((pfn & ((1 << o) - 1)) != 0) return "free block " + pfn + " of order " + o + " is misaligned";
                if (pfn + (1 << o) > nrPages) return "free block " + pfn + " of order " + o + " runs past the zone";
                for (int i = pfn; i < pfn + (1 << o); i++) {
                    if (owner[i] != NONE) return "page " + i + " is in two free blocks";
                    owner[i] = pfn;
                }
                if (o < maxOrder) {
                    int buddy = pfn ^ (1 << o);
                    if (buddy < nrPages && freeOrder[buddy] == o) return "free buddies " + pfn + " and " + buddy + " of order " + o + " were not merged";
                }
                free += 1L << o;
                n++;
                last = pfn;
                if (n > nrPages) return "free list " + o + " has a cycle";
            }
            if (last != tail[o]) return "free list " + o + ": tail is " + tail[o] + ", expected " + last;
            if (n != nrFree[o]) return "nr_free[" + o + "] is " + nrFree[o] + " but the list holds " + n;
        }
        if (free != freePages) return "free pages counted " + free + ", recorded " + freePages;
        long used = 0;
        for (int pfn = 0; pfn < nrPages; pfn++) {
            int o = allocOrder[pfn];
            if (o == NONE) continue;
            if (freeOrder[pfn] != NONE) return "pfn " + pfn + " is both free and allocated";
            for (int i = pfn; i < pfn + (1 << o); i++) {
                if (owner[i] != NONE) return "page " + i + " is both free and allocated";
                owner[i] = pfn;
            }
            used += 1L << o;
        }
        if (free + used != nrPages) return "free " + free + " + allocated " + used + " != " + nrPages + " pages";
        return null;
    }
}
