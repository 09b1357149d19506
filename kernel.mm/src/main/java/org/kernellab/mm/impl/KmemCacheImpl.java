package org.kernellab.mm.impl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.kernellab.api.mm.KmemCache;
import org.kernellab.api.mm.PageAllocator;
import org.kernellab.api.mm.PhysMem;
import org.kernellab.api.mm.Slab;

/**
 * struct kmem_cache (include/linux/slub_def.h) and its layout, computed as mm/slub.c
 * calculate_sizes() and calculate_order() do in Linux 6.6. With debugging an object's slot is
 *
 * <pre>
 * | left red zone (red_left_pad) | object (object_size) | right red zone (to inuse) | free pointer (offset) |
 * | alloc and free tracks (2 * 24) | orig_size (kmalloc caches, 4) | padding (to size) |
 * </pre>
 *
 * and without it the free pointer sits in the middle of the object. The tracks' bytes are
 * reserved but KernelLab keeps their contents in Java ({@link SlabPage}).
 *
 * <p>The slabs belong to one machine generation: after a reset the cache is empty again.
 * Guarded like {@link Zone}: simulated code only, or a safe point.
 */
final class KmemCacheImpl implements KmemCache {
    /** sizeof(void *). */
    static final int PTR = 8;
    /** sizeof(struct track) without stack depot: addr, cpu, pid, when. */
    static final int TRACK_SIZE = 24;
    /** MIN_PARTIAL and MAX_PARTIAL (mm/slub.c). */
    static final int MIN_PARTIAL = 5;
    static final int MAX_PARTIAL = 10;
    /** slub_max_order: PAGE_ALLOC_COSTLY_ORDER. */
    static final int SLUB_MAX_ORDER = 3;
    static final int MAX_OBJS_PER_PAGE = 32767;

    final String name;
    final int objectSize;
    final int size;
    final int align;
    final int flags;
    /** Offset of the free pointer from the object's start. */
    final int offset;
    /** s->inuse: object plus right red zone. */
    final int inuse;
    final int redLeftPad;
    final int order;
    final int objects;
    final int minPartial;
    /** objects * size: the bytes of a slab that hold slots. */
    final long slabBytes;
    /**
     * reciprocal_value() (lib/reciprocal_div.c) in spirit, as SLUB's obj_to_index() uses one:
     * {@code rel / size} as a multiply and a shift, exact for every offset in a slab (below
     * 2^22 bytes: 2^MAX_ORDER pages), since a division by a field costs tens of cycles.
     */
    private final long reciprocal;
    private final int reciprocalShift;
    final boolean kmalloc;
    /** The per-bundle Slab that created it, or null for the kmalloc caches. */
    final Object owner;
    boolean destroyed;

    // ---- per generation (kmem_cache_node) ----
    private long generation = Long.MIN_VALUE;
    /** Every slab of the cache, in creation order. */
    LinkedHashSet<SlabPage> slabs = new LinkedHashSet<>();
    /** n->partial: slabs with free objects, allocation takes the first. */
    List<SlabPage> partial = new ArrayList<>();

    KmemCacheImpl(String name, int objectSize, int align, int flags, boolean kmalloc, int nrCpus, Object owner) {
        this.name = name;
        this.objectSize = objectSize;
        this.kmalloc = kmalloc;
        this.owner = owner;
        this.flags = flags;
        // calculate_alignment(): at least ARCH_SLAB_MINALIGN, a multiple of sizeof(void *)
        int a = Math.max(align, PTR);
        if ((flags & Slab.SLAB_HWCACHE_ALIGN) != 0) a = Math.max(a, 64);
        this.align = (a + PTR - 1) & -PTR;
        // calculate_sizes()
        int sz = alignUp(objectSize, PTR);
        boolean redZone = (flags & Slab.SLAB_RED_ZONE) != 0;
        if (redZone && sz == objectSize) sz += PTR;
        this.inuse = sz;
        if ((flags & Slab.SLAB_POISON) != 0 || origSizeTracked() || (redZone && objectSize < PTR)) {
            this.offset = sz;
            sz += PTR;
        } else {
            this.offset = (objectSize / 2) & -PTR;
        }
        if ((flags & Slab.SLAB_STORE_USER) != 0) {
            sz += 2 * TRACK_SIZE;
            if (kmalloc) sz += 4;
        }
        int leftPad = 0;
        if (redZone) {
            sz += PTR;
            leftPad = alignUp(PTR, this.align);
            sz += leftPad;
        }
        this.redLeftPad = leftPad;
        this.size = alignUp(sz, this.align);
        this.order = calculateOrder(this.size, nrCpus);
        this.objects = (PhysMem.PAGE_SIZE << order) / size;
        // set_min_partial(s, ilog2(s->size) / 2)
        int ilog2 = 31 - Integer.numberOfLeadingZeros(size);
        this.minPartial = Math.max(MIN_PARTIAL, Math.min(MAX_PARTIAL, ilog2 / 2));
        this.slabBytes = (long) objects * size;
        // m = ceil(2^(22 + L) / size) with L = ceil(log2(size)): exact for offsets below 2^22
        int l = 32 - Integer.numberOfLeadingZeros(size - 1);
        this.reciprocalShift = 22 + l;
        this.reciprocal = ((1L << reciprocalShift) + size - 1) / size;
    }

    /** The slot holding offset {@code rel} (0 <= rel < 2^22) from the first slot: rel / size. */
    int slot(long rel) {
        return (int) ((rel * reciprocal) >>> reciprocalShift);
    }

    boolean debug() {
        return (flags & (Slab.SLAB_CONSISTENCY_CHECKS | Slab.SLAB_RED_ZONE | Slab.SLAB_POISON)) != 0;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** slub_debug_orig_size(): kmalloc caches with SLAB_STORE_USER record the size asked for. */
    boolean origSizeTracked() {
        return kmalloc && (flags & Slab.SLAB_STORE_USER) != 0;
    }

    /** Offset past the free pointer (get_info_end()). */
    int infoEnd() {
        return offset >= inuse ? offset + PTR : inuse;
    }

    /** Where the padding starts, relative to the object. */
    int paddingStart() {
        int off = infoEnd();
        if (has(Slab.SLAB_STORE_USER)) off += 2 * TRACK_SIZE;
        if (origSizeTracked()) off += 4;
        return off;
    }

    /** size_from_object(): the slot's bytes from the object on. */
    int sizeFromObject() {
        return size - redLeftPad;
    }

    /** This generation's slab lists, emptied if the machine was reset since they were used. */
    KmemCacheImpl state(long gen) {
        if (generation != gen) {
            generation = gen;
            slabs = new LinkedHashSet<>();
            partial = new ArrayList<>();
        }
        return this;
    }

    long activeObjects(long gen) {
        if (generation != gen) return 0;
        long n = 0;
        for (SlabPage s : slabs) n += s.inuse;
        return n;
    }

    long totalSlabs(long gen) {
        return generation == gen ? slabs.size() : 0;
    }

    /** calculate_order() (mm/slub.c, 6.6) with slub_min_objects = 4 * (fls(nr_cpus) + 1). */
    static int calculateOrder(int size, int nrCpus) {
        int minObjects = 4 * (fls(nrCpus) + 1);
        int maxObjects = (PhysMem.PAGE_SIZE << SLUB_MAX_ORDER) / size;
        minObjects = Math.min(minObjects, maxObjects);
        while (minObjects > 1) {
            for (int fraction = 16; fraction >= 4; fraction /= 2) {
                int order = calcSlabOrder(size, minObjects, SLUB_MAX_ORDER, fraction);
                if (order <= SLUB_MAX_ORDER) return order;
            }
            minObjects--;
        }
        int order = calcSlabOrder(size, 1, SLUB_MAX_ORDER, 1);
        if (order <= SLUB_MAX_ORDER) return order;
        order = calcSlabOrder(size, 1, PageAllocator.MAX_ORDER, 1);
        if (order <= PageAllocator.MAX_ORDER) return order;
        throw new IllegalArgumentException("object size " + size + " does not fit a slab of order " + PageAllocator.MAX_ORDER);
    }

    /** calc_slab_order(): the smallest order holding minObjects whose leftover is at most 1/fract of the slab. */
    static int calcSlabOrder(int size, int minObjects, int maxOrder, int fract) {
        int order;
        for (order = Math.max(0, getOrder((long) minObjects * size)); order <= maxOrder; order++) {
            int slabSize = PhysMem.PAGE_SIZE << order;
            int rem = slabSize % size;
            if (rem <= slabSize / fract) break;
        }
        return order;
    }

    /** get_order(): the order of the smallest block of pages holding {@code size} bytes. */
    static int getOrder(long size) {
        long pages = (size + PhysMem.PAGE_SIZE - 1) >> PhysMem.PAGE_SHIFT;
        int order = 0;
        while ((1L << order) < pages) order++;
        return order;
    }

    static int fls(int x) {
        return 32 - Integer.numberOfLeadingZeros(x);
    }

    static int alignUp(int x, int a) {
        return (x + a - 1) / a * a;
    }

    @Override public String name() { return name; }
    @Override public int objectSize() { return objectSize; }
    @Override public int size() { return size; }
    @Override public int objectsPerSlab() { return objects; }
    @Override public int order() { return order; }
    @Override public String toString() { return "kmem_cache " + name; }
}
