package org.kernellab.api.mm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The contents of simulated RAM: the bytes of the page frames the {@link PageAllocator} hands out
 * (in Linux, what page_address()/kmap_local_page() give access to). Frames are
 * {@link #PAGE_SIZE} bytes; a frame never written reads as zeros. Implemented only by the memory
 * manager. None of these calls sleeps, so all are allowed in any context; accesses outside the
 * frame, or to a frame that does not exist, are refused with IllegalArgumentException naming the
 * pfn and range.
 */
@ProviderType
@KernelService
public interface PhysMem {
    /** PAGE_SHIFT (x86-64). */
    int PAGE_SHIFT = 12;
    /** PAGE_SIZE: 4 KiB. */
    int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** Copies {@code len} bytes at {@code offset} of frame {@code pfn} into {@code dst[dstOff..]}. */
    @Contract(ATOMIC_SAFE)
    void read(long pfn, int offset, byte[] dst, int dstOff, int len);

    /** Copies {@code src[srcOff..srcOff+len)} to {@code offset} of frame {@code pfn}. */
    @Contract(ATOMIC_SAFE)
    void write(long pfn, int offset, byte[] src, int srcOff, int len);

    /** copy_page(): frame {@code dstPfn} becomes a copy of frame {@code srcPfn} (copy-on-write). */
    @Contract(ATOMIC_SAFE)
    void copyPage(long dstPfn, long srcPfn);

    /** clear_page(): frame {@code pfn} becomes all zeros. */
    @Contract(ATOMIC_SAFE)
    void clearPage(long pfn);
}
