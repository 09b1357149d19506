package org.kernellab.api.mm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The page cache as reclaim sees it: clean file pages on the inactive file LRU, which kswapd and
 * direct reclaim may drop at any time because the disk still holds their data (mm/vmscan.c
 * shrink_inactive_list on clean, unmapped pages). KernelLab's cache is a pool of such pages; it
 * does not read them from kernel.block (see docs/memory.md). Implemented only by the memory
 * manager. Since api.mm 1.2.0.
 */
@ProviderType
@KernelService
public interface PageCache {
    /**
     * Reads {@code nr} clean pages into the cache (page_cache_ra_unbounded): each is allocated
     * with readahead's flags, which never reclaim or warn ({@code GFP_NOWAIT|__GFP_NOWARN} here),
     * so it stops early when memory is short; returns the number of pages added. Any context.
     */
    @Contract(ATOMIC_SAFE)
    long readPages(long nr);

    /** {@code echo 1 > /proc/sys/vm/drop_caches}: frees every clean cached page; returns how many. Any context. */
    @Contract(ATOMIC_SAFE)
    long dropCaches();

    /** The pages in the cache (Cached in /proc/meminfo, nr_file_pages). */
    @Contract(ATOMIC_SAFE)
    long cachedPages();
}
