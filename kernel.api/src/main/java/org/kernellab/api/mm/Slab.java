package org.kernellab.api.mm;

import static org.kernellab.api.Ctx.ATOMIC_SAFE;
import static org.kernellab.api.Ctx.MAY_SLEEP;

import java.util.List;

import org.kernellab.api.Contract;
import org.kernellab.api.KernelService;
import org.kernellab.api.mm.dto.SlabInfoDTO;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The slab allocator (mm/slub.c, mm/slab_common.c, Linux 6.6): caches of equal-sized objects cut
 * out of page frames, and kmalloc's size classes over them. Objects are kernel virtual addresses
 * in the direct map ({@link #PAGE_OFFSET} + pfn * PAGE_SIZE + offset) whose bytes are real:
 * {@link #write} and {@link #read} reach them, and anything else in RAM, as a kernel pointer
 * would, so a bug can overrun an object or use it after it is freed.
 *
 * <p>With SLUB debugging on (the memory manager's {@code slub_debug}, on in the teaching
 * profile) every cache has red zones, poisoning, consistency checks and alloc/free tracking,
 * and corruption is reported in SLUB's format ({@code BUG <cache> (Not tainted): <reason>}).
 *
 * <p>Allocation flags follow the page allocator: a blocking {@code gfp} may sleep (might_alloc)
 * and is reported from atomic context. Implemented only by the memory manager. Since api.mm
 * 1.2.0.
 */
@ProviderType
@KernelService
public interface Slab {
    /** __PAGE_OFFSET of x86-64 with 4-level paging: the direct map of RAM starts here (__va(0)). */
    long PAGE_OFFSET = 0xffff888000000000L;
    /** ZERO_SIZE_PTR (include/linux/slab.h): what kmalloc(0) returns; kfree() accepts it. */
    long ZERO_SIZE_PTR = 16;
    /** KMALLOC_MAX_CACHE_SIZE (2 * PAGE_SIZE): larger kmalloc requests go to the page allocator. */
    int KMALLOC_MAX_CACHE_SIZE = 8192;

    // kmem_cache_create flags (include/linux/slab.h, 6.6)
    int SLAB_CONSISTENCY_CHECKS = 0x100;
    int SLAB_RED_ZONE = 0x400;
    int SLAB_POISON = 0x800;
    int SLAB_HWCACHE_ALIGN = 0x2000;
    int SLAB_STORE_USER = 0x10000;

    /**
     * kmem_cache_create(): a cache of {@code size}-byte objects (1..32768) aligned to {@code align}
     * (0 or a power of two). {@code flags}: the SLAB_ flags above; the debug ones are added to
     * every cache when slub_debug is on. Takes slab_mutex: process context only.
     */
    @Contract(value = MAY_SLEEP, fix = "create caches at init (a driver's activate), not in atomic context")
    KmemCache kmemCacheCreate(String name, int size, int align, int flags);

    /** kmem_cache_alloc(): an object's address, or 0 (NULL) when memory is short. With {@link Gfp#__GFP_ZERO} it is zeroed. */
    @Contract(value = ATOMIC_SAFE, fix = "use GFP_ATOMIC in atomic context")
    long kmemCacheAlloc(KmemCache cache, int gfp);

    /** kmem_cache_free(): returns an object; a double free or corruption is reported, not thrown. Any context. */
    @Contract(ATOMIC_SAFE)
    void kmemCacheFree(KmemCache cache, long addr);

    /**
     * kmem_cache_destroy(): frees the cache. With objects still allocated it reports them and
     * keeps the cache (Linux's "Slab cache still has objects"). Process context only.
     */
    @Contract(value = MAY_SLEEP, fix = "destroy caches from process context, e.g. a driver's deactivate")
    void kmemCacheDestroy(KmemCache cache);

    /** kmalloc(): from the smallest kmalloc-N cache that fits, or whole pages above 8 KiB; 0 (NULL) on failure; {@link #ZERO_SIZE_PTR} for 0. */
    @Contract(value = ATOMIC_SAFE, fix = "use GFP_ATOMIC in atomic context")
    long kmalloc(long size, int gfp);

    /** kfree(): frees what kmalloc returned; NULL and ZERO_SIZE_PTR are ignored. Any context. */
    @Contract(ATOMIC_SAFE)
    void kfree(long addr);

    /** ksize(): the usable size of a kmalloc'd object (its cache's object size, or the pages'). */
    @Contract(ATOMIC_SAFE)
    long ksize(long addr);

    /** Reads kernel memory at {@code addr} (a direct-map address) into {@code dst}. Any context. */
    @Contract(ATOMIC_SAFE)
    void read(long addr, byte[] dst, int dstOff, int len);

    /** Writes {@code src} to kernel memory at {@code addr} (a direct-map address). Any context. */
    @Contract(ATOMIC_SAFE)
    void write(long addr, byte[] src, int srcOff, int len);

    /**
     * validate_slab_cache() (/sys/kernel/slab/&lt;cache&gt;/validate): checks every object of the
     * cache now (red zones, poison, free pointers), reports what is broken and returns the
     * number of objects found broken. Does nothing (0) without slub_debug.
     */
    @Contract(ATOMIC_SAFE)
    int validate(KmemCache cache);

    /** Every cache, as /proc/slabinfo lists them (newest first). */
    @Contract(ATOMIC_SAFE)
    List<SlabInfoDTO> slabInfo();

    /** The text of /proc/slabinfo (mm/slab_common.c slab_show), version 2.1. */
    @Contract(ATOMIC_SAFE)
    String procSlabinfo();
}
