package org.kernellab.api.mm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The page cache as reclaim sees it: the clean file pages on the inactive file LRU, which kswapd,
 * direct reclaim and drop_caches may drop at any time because the disk still holds their data
 * (mm/vmscan.c shrink_folio_list on clean, unlocked, unmapped folios). Its pages are read from
 * the disk through the block layer (mm/filemap.c, mm/readahead.c): a page is added to the cache
 * locked and not uptodate, a READ bio is submitted for its sectors, and the bio's completion
 * (from BLOCK_SOFTIRQ) marks it uptodate and unlocks it, waking whoever waits for it. A page
 * under read is never dropped; a dropped page is read from the disk again at its next use. The
 * files' pages come from the address spaces' page faults (a major fault reads one); this service
 * adds readahead of a disk's own pages and the reclaim side. On a machine with no block layer
 * or no disk (unit tests), readahead adds clean pages that hold no data, as a stand-in (see
 * docs/memory.md). Implemented only by the memory manager. Since api.mm 1.2.0.
 */
@ProviderType
@KernelService
public interface PageCache {
    /**
     * Readahead of {@code nr} pages (page_cache_ra_unbounded, mm/readahead.c) of the first disk the
     * block layer has, from its block device's own page cache ({@code /dev/<disk>}, the bdev
     * mapping), starting where the previous call stopped: each page is allocated with readahead's
     * flags, which never reclaim or warn ({@code GFP_NOWAIT|__GFP_NOWARN} here), so it stops early
     * when memory is short; it is added to the cache locked, a READ bio is submitted for it, and
     * the call returns without waiting for the disk (the pages become uptodate at their bios'
     * completions). Returns the number of pages added. With no block layer or no disk, adds clean
     * pages that hold no data.
     *
     * <p>Since api.mm 1.3.0 it may sleep: submit_bio waits (TASK_UNINTERRUPTIBLE) while the disk's
     * queue is frozen, so it is called from a task, as the block layer's submit_bio is.
     */
    @Contract(value = MAY_SLEEP, fix = "readahead submits bios, which may wait for a frozen queue: start it from a task,"
            + " a kthread or a workqueue, not from interrupt or atomic context")
    long readPages(long nr);

    /**
     * {@code echo 1 > /proc/sys/vm/drop_caches}: frees every clean, unlocked, unmapped cached
     * page; returns how many. A page under read (locked) or mapped by a page table stays. Any
     * context.
     */
    @Contract(ATOMIC_SAFE)
    long dropCaches();

    /** The pages in the cache (Cached in /proc/meminfo, nr_file_pages). */
    @Contract(ATOMIC_SAFE)
    long cachedPages();
}
