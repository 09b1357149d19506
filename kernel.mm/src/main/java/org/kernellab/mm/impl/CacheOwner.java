package org.kernellab.mm.impl;

/**
 * What a page on the inactive file LRU belongs to (its struct address_space), asked by reclaim
 * before the page is freed (mm/vmscan.c shrink_folio_list: folio_trylock, folio_mapped,
 * folio_test_dirty, then __remove_mapping). Implemented by the address spaces' page cache; both
 * in this bundle (the package is private). Called from simulated code (kswapd, a task in direct
 * reclaim, drop_caches at a safe point); must not sleep.
 */
public interface CacheOwner {
    /**
     * Takes page {@code pfn} out of its mapping if it is clean, unlocked (not under read) and
     * mapped by no page table, and returns true: the caller frees the frame. Returns false to keep
     * the page (reclaim puts it back at the tail of the list).
     */
    boolean release(long pfn);

    /** The pages readahead adds with no data source (no block layer): always free to drop. */
    CacheOwner NONE = pfn -> true;
}
