package org.kernellab.api.mm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.Errno;
import org.kernellab.api.KernelService;
import org.kernellab.api.mm.dto.BuddyInfoDTO;
import org.kernellab.api.mm.dto.ZoneInfoDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The page allocator (mm/page_alloc.c): one zone of physical page frames managed by a binary
 * buddy allocator. Implemented only by the memory manager.
 *
 * <p>Allocation follows mm/page_alloc.c __alloc_pages: a fast path against the low watermark,
 * then kswapd is woken and the min watermark is tried with the reserves the flags allow, then a
 * blocking allocation enters direct reclaim and, failing that, the OOM killer
 * ({@link OutOfMemory}). {@link Gfp#__GFP_ZERO} zeroes the frames ({@link PhysMem}).
 *
 * <p>Whether an allocation may sleep depends on its GFP flags, so the boundary cannot decide
 * it from the method alone: {@link #allocPages} is declared atomic-safe and itself runs
 * might_sleep() when the flags include {@link Gfp#__GFP_DIRECT_RECLAIM}, exactly as Linux's
 * might_alloc() does.
 */
@ProviderType
@KernelService
public interface PageAllocator {
    /** MAX_ORDER (Linux 6.4-6.7; MAX_PAGE_ORDER from 6.8): the largest order, inclusive. */
    int MAX_ORDER = 10;

    /** What {@link #allocPages} returns when no block is free: -ENOMEM. */
    long ENOMEM = -Errno.ENOMEM;

    /**
     * alloc_pages(): 2^order contiguous page frames; returns the first page frame number, or
     * {@link #ENOMEM} when no block of that order can be found (running out is not a bug).
     * A blocking {@code gfp} (GFP_KERNEL) may sleep and is reported from atomic context; use
     * GFP_ATOMIC there. A bad order or unknown GFP bits are refused with
     * IllegalArgumentException.
     */
    @Contract(value = ATOMIC_SAFE, fix = "use GFP_ATOMIC in atomic context")
    long allocPages(int gfp, int order);

    /**
     * __free_pages(): returns a block obtained from {@link #allocPages}; it merges with its free
     * buddies. Any context. A pfn that does not start an allocated block, or an order other
     * than the one allocated, is refused with IllegalArgumentException.
     */
    @Contract(ATOMIC_SAFE)
    void freePages(long pfn, int order);

    /** nr_free_pages(). */
    @Contract(ATOMIC_SAFE)
    long nrFreePages();

    /** The zone's size in pages. */
    @Contract(ATOMIC_SAFE)
    long totalPages();

    /** Free blocks per order. */
    @Contract(ATOMIC_SAFE)
    BuddyInfoDTO buddyInfo();

    /** The zone's free pages and watermarks (/proc/zoneinfo's first lines). Since api.mm 1.2.0. */
    @Contract(ATOMIC_SAFE)
    ZoneInfoDTO zoneInfo();

    /** The text of /proc/buddyinfo (mm/vmstat.c frag_show) rendered from {@link #buddyInfo()}. */
    @Contract(ATOMIC_SAFE)
    String procBuddyinfo();
}
