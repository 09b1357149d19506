package org.kernellab.mm.impl;

import static org.kernellab.api.mm.PhysMem.PAGE_SHIFT;
import static org.kernellab.api.mm.PhysMem.PAGE_SIZE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.kernellab.api.LogLevel;
import org.kernellab.api.boundary.GeneratedBoundary;
import org.kernellab.api.leak.Holder;
import org.kernellab.api.leak.PerBundle;
import org.kernellab.api.leak.dto.LeakDTO;
import org.kernellab.api.mm.Gfp;
import org.kernellab.api.mm.KmemCache;
import org.kernellab.api.mm.Slab;
import org.kernellab.api.mm.dto.SlabInfoDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SLUB (mm/slub.c, mm/slab_common.c, Linux 6.6) over the page allocator of {@link MemoryNode}:
 * caches of objects in slabs of real page frames, kmalloc's size classes, and, with slub_debug,
 * red zones, poisoning, consistency checks and tracking with SLUB's reports. See
 * docs/memory.md for what KernelLab leaves out (per-CPU slabs, merging, freelist randomisation).
 *
 * <p>Each using bundle gets its own {@link Slab} ({@link PerBundle}): caches it created and
 * objects it allocated and did not free are reported and released when it goes.
 *
 * <h2>Locking</h2>
 * None: simulated code runs one thing at a time (Linux's n->list_lock and slab_mutex). The
 * cache list is only changed by simulated code or at a safe point; views take the machine still.
 */
@Component(service = Slab.class, property = PerBundle.PROPERTY + ":Boolean=true")
public final class SlabImpl implements Slab, PerBundle<Slab> {
    // include/linux/poison.h
    static final byte POISON_INUSE = 0x5a;
    static final byte POISON_FREE = 0x6b;
    static final byte POISON_END = (byte) 0xa5;
    static final byte SLUB_RED_INACTIVE = (byte) 0xbb;
    static final byte SLUB_RED_ACTIVE = (byte) 0xcc;
    /** SLAB_KMALLOC (include/linux/slab.h). */
    static final int SLAB_KMALLOC = 0x1000;
    /** slub_debug with no options: F, Z, P and U. */
    static final int SLUB_DEBUG_FLAGS = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;
    /** The kmalloc size classes (mm/slab_common.c kmalloc_info), in creation order. */
    static final int[] KMALLOC_SIZES = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};

    private final MemoryNode node;
    private final KmemCacheImpl[] kmallocCaches = new KmemCacheImpl[KMALLOC_SIZES.length];
    /** slab_caches, in creation order (slabinfo prints them newest first). Changed by simulated code only. */
    private final List<KmemCacheImpl> caches = new ArrayList<>();
    private final int nrCpus;
    private final MightAlloc mightKmalloc;
    private final MightAlloc mightCacheAlloc;

    @Activate
    public SlabImpl(@Reference MemoryNode node) {
        this.node = node;
        this.mightKmalloc = new MightAlloc(node.kernel, "kmalloc");
        this.mightCacheAlloc = new MightAlloc(node.kernel, "kmem_cache_alloc");
        this.nrCpus = Math.max(1, node.machine.nrCpus());
        // create_kmalloc_caches(): kmalloc-8 .. kmalloc-8k, with 96 after 64 and 192 after 128
        for (int i = 0; i < KMALLOC_SIZES.length; i++) {
            int sz = KMALLOC_SIZES[i];
            String name = "kmalloc-" + (sz >= 1024 ? (sz / 1024) + "k" : String.valueOf(sz));
            kmallocCaches[i] = new KmemCacheImpl(name, sz, 0, debugFlags(SLAB_KMALLOC), true, nrCpus, null);
            caches.add(kmallocCaches[i]);
        }
    }

    private int debugFlags(int flags) {
        return node.slubDebug ? flags | SLUB_DEBUG_FLAGS : flags;
    }

    /** kmalloc_index() (include/linux/slab.h) for KMALLOC_MIN_SIZE 8: the class of {@code size} (1..8192). */
    static int kmallocIndex(long size) {
        if (size <= 8) return 0;
        if (size > 64 && size <= 96) return 4;
        if (size > 128 && size <= 192) return 6;
        if (size <= 16) return 1;
        if (size <= 32) return 2;
        if (size <= 64) return 3;
        if (size <= 128) return 5;
        if (size <= 256) return 7;
        if (size <= 512) return 8;
        if (size <= 1024) return 9;
        if (size <= 2048) return 10;
        if (size <= 4096) return 11;
        return 12;
    }

    KmemCacheImpl kmallocCache(long size) {
        return kmallocCaches[kmallocIndex(size)];
    }

    // ---------------------------------------------------------------------------------
    // The API

    @Override
    public KmemCache kmemCacheCreate(String name, int size, int align, int flags) {
        return create(name, size, align, flags, null);
    }

    private KmemCacheImpl create(String name, int size, int align, int flags, Object owner) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("cache name must not be blank");
        if (size < 1 || size > PAGE_SIZE << 3) {
            throw new IllegalArgumentException("size " + size + " of cache " + name + " is out of range 1.." + (PAGE_SIZE << 3));
        }
        if (align < 0 || Integer.bitCount(align) > 1) {
            throw new IllegalArgumentException("align " + align + " of cache " + name + " must be 0 or a power of two");
        }
        int known = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_HWCACHE_ALIGN | SLAB_STORE_USER;
        if ((flags & ~known) != 0) {
            throw new IllegalArgumentException(String.format("flags %#x of cache %s have bits KernelLab does not define: %#x",
                    flags, name, flags & ~known));
        }
        KmemCacheImpl c = new KmemCacheImpl(name, size, align, debugFlags(flags), false, nrCpus, owner);
        node.machine.still(() -> caches.add(c));
        return c;
    }

    @Override
    public long kmemCacheAlloc(KmemCache cache, int gfp) {
        KmemCacheImpl c = impl(cache);
        if (!mightCacheAlloc.check(gfp)) return 0;
        return slabAlloc(node.live(), c, gfp, c.objectSize);
    }

    @Override
    public void kmemCacheFree(KmemCache cache, long addr) {
        KmemCacheImpl c = impl(cache);
        if (addr == 0) return;
        Zone z = node.live();
        SlabPage sp = z.slabOf(pfnOf(addr));
        if (sp == null) {
            node.kernel.printk(LogLevel.WARNING, String.format("kmem_cache_free: object 0x%016x is not in a slab page (cache %s)"
                    + "%nKernelLab: fix: pass kmem_cache_free() an address kmem_cache_alloc() returned", addr, c.name));
            return;
        }
        if (sp.cache != c) {
            // cache_from_obj() (mm/slab.h): WARN, then free into the cache the object really is from
            StringBuilder sb = new StringBuilder(String.format("kmem_cache_free: Wrong slab cache. %s but object is from %s", c.name, sp.cache.name));
            int i = sp.index(addr);
            if (i >= 0) printTracking(z, sb, sp, i);
            node.kernel.printk(LogLevel.WARNING, sb.toString());
        }
        slabFree(z, sp, addr);
    }

    @Override
    public void kmemCacheDestroy(KmemCache cache) {
        destroy(impl(cache), caller());
    }

    private void destroy(KmemCacheImpl c, String caller) {
        if (c.destroyed) return;
        if (c.kmalloc) throw new IllegalArgumentException("kmem_cache_destroy of " + c.name + ": the kmalloc caches are the kernel's own");
        Zone z = node.live();
        c.state(z.generation);
        // __kmem_cache_shutdown() -> free_partial(): objects still allocated are listed, the cache is kept
        boolean busy = false;
        for (SlabPage sp : c.slabs) {
            if (sp.inuse == 0 || sp.isolated) continue;
            busy = true;
            StringBuilder sb = new StringBuilder();
            slabBug(z, sb, c, "Objects remaining in " + c.name + " on __kmem_cache_shutdown()");
            printSlabInfo(sb, sp);
            boolean[] free = freeMap(z, sp);
            for (int i = 0; i < c.objects; i++) {
                if (free[i]) continue;
                long p = sp.object(i);
                sb.append(String.format("%nObject 0x%016x @offset=%d", p, p - sp.base));
                printTracking(z, sb, sp, i);
            }
            node.kernel.printk(LogLevel.ERR, sb.toString());
        }
        if (busy) {
            node.kernel.printk(LogLevel.WARNING, String.format("kmem_cache_destroy %s: Slab cache still has objects when called from %s"
                    + "%nWARNING: at mm/slab_common.c kmem_cache_destroy"
                    + "%nKernelLab: the cache and its objects stay allocated (leaked); fix: kmem_cache_free() every object before kmem_cache_destroy()",
                    c.name, caller));
            return;
        }
        for (SlabPage sp : new ArrayList<>(c.slabs)) discardSlab(z, sp);
        c.destroyed = true;
        caches.remove(c);
    }

    @Override
    public long kmalloc(long size, int gfp) {
        if (size < 0) throw new IllegalArgumentException("kmalloc size " + size + " must not be negative");
        if (!mightKmalloc.check(gfp)) return 0;
        if (size == 0) return ZERO_SIZE_PTR;
        Zone z = node.live();
        if (size > KMALLOC_MAX_CACHE_SIZE) return kmallocLarge(z, size, gfp);
        return slabAlloc(z, kmallocCache(size), gfp, (int) size);
    }

    /** kmalloc_large() (mm/slab_common.c): whole pages, counted as unreclaimable slab memory. */
    private long kmallocLarge(Zone z, long size, int gfp) {
        int order = KmemCacheImpl.getOrder(size);
        if (order > org.kernellab.api.mm.PageAllocator.MAX_ORDER) {
            // __kmalloc_large_node: WARN_ON_ONCE(size > KMALLOC_MAX_SIZE) unless __GFP_NOWARN
            if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                node.kernel.printk(LogLevel.WARNING, "kmalloc: size " + size + " is above KMALLOC_MAX_SIZE (" + (PAGE_SIZE << 10) + ")");
            }
            return 0;
        }
        long pfn = node.allocPages(gfp, order);
        if (pfn < 0) return 0;
        long addr = addrOf(pfn);
        z.largeKmalloc.put(addr, order);
        z.slabPages += 1L << order;
        return addr;
    }

    @Override
    public void kfree(long addr) {
        if (addr == 0 || addr == ZERO_SIZE_PTR) return;
        Zone z = node.live();
        // virt_to_slab() first: a slab object needs no look-up (and no boxing) of the large allocations
        SlabPage sp = z.slabOf(pfnOf(addr));
        if (sp != null) {
            slabFree(z, sp, addr);
            return;
        }
        Integer order = z.largeKmalloc.remove(addr);
        if (order != null) {
            if (!z.slabOwners.isEmpty()) z.slabOwners.remove(addr);
            z.slabPages -= 1L << order;
            node.freePages(pfnOf(addr), order);
            return;
        }
        // free_large_kmalloc(): WARN_ON_ONCE on a page that is neither slab nor large kmalloc
        node.kernel.printk(LogLevel.WARNING, String.format("kfree: 0x%016x is neither a slab object nor a large kmalloc; nothing is freed"
                + "%nKernelLab: fix: pass kfree() exactly what kmalloc() returned", addr));
    }

    @Override
    public long ksize(long addr) {
        if (addr == 0 || addr == ZERO_SIZE_PTR) return 0;
        return node.still(() -> {
            Zone z = node.live();
            Integer order = z.largeKmalloc.get(addr);
            if (order != null) return (long) PAGE_SIZE << order;
            SlabPage sp = z.slabOf(pfnOf(addr));
            if (sp == null || sp.index(addr) < 0) throw new IllegalArgumentException(String.format("ksize: 0x%016x is not an allocated object", addr));
            return (long) sp.cache.objectSize;
        });
    }

    @Override
    public void read(long addr, byte[] dst, int dstOff, int len) {
        access(addr, dst, dstOff, len, false);
    }

    @Override
    public void write(long addr, byte[] src, int srcOff, int len) {
        access(addr, src, srcOff, len, true);
    }

    /** memcpy to or from the direct map, frame by frame. */
    private void access(long addr, byte[] buf, int bufOff, int len, boolean write) {
        java.util.Objects.checkFromIndexSize(bufOff, len, buf.length);
        Ram ram = node.live().ram;
        checkRange(addr, len);
        long a = addr;
        int done = 0;
        while (done < len) {
            long rel = a - PAGE_OFFSET;
            int off = (int) (rel & (PAGE_SIZE - 1));
            int n = Math.min(len - done, PAGE_SIZE - off);
            if (write) ram.write(rel >>> PAGE_SHIFT, off, buf, bufOff + done, n);
            else ram.read(rel >>> PAGE_SHIFT, off, buf, bufOff + done, n);
            done += n;
            a += n;
        }
    }

    @Override
    public int validate(KmemCache cache) {
        KmemCacheImpl c = impl(cache);
        if (!c.debug()) return 0;
        Zone z = node.live();
        c.state(z.generation);
        int bad = 0;
        // validate_slab_cache() -> validate_slab(): free objects must be INACTIVE, allocated ones ACTIVE
        for (SlabPage sp : c.slabs) {
            if (sp.isolated) continue;
            boolean[] free = freeMap(z, sp);
            for (int i = 0; i < c.objects; i++) {
                if (!checkObject(z, sp, sp.object(i), free[i] ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE)) bad++;
            }
        }
        return bad;
    }

    @Override
    public List<SlabInfoDTO> slabInfo() {
        return node.still(() -> {
            long gen = node.machine.generation();
            List<SlabInfoDTO> out = new ArrayList<>();
            for (int i = caches.size() - 1; i >= 0; i--) {
                KmemCacheImpl c = caches.get(i);
                SlabInfoDTO d = new SlabInfoDTO();
                d.name = c.name;
                d.numSlabs = c.totalSlabs(gen);
                d.activeSlabs = d.numSlabs;
                d.numObjs = d.numSlabs * c.objects;
                d.activeObjs = c.activeObjects(gen);
                d.objSize = c.size;
                d.objectSize = c.objectSize;
                d.objPerSlab = c.objects;
                d.pagesPerSlab = 1 << c.order;
                out.add(d);
            }
            return out;
        });
    }

    @Override
    public String procSlabinfo() {
        // slab_show() -> print_slabinfo_header() and cache_show() (mm/slab_common.c); SLUB has no tunables
        StringBuilder sb = new StringBuilder("slabinfo - version: 2.1\n");
        sb.append("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor>"
                + " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
        for (SlabInfoDTO d : slabInfo()) {
            sb.append(String.format("%-17s %6d %6d %6d %4d %4d", d.name, d.activeObjs, d.numObjs, d.objSize, d.objPerSlab, d.pagesPerSlab));
            sb.append(String.format(" : tunables %4d %4d %4d", 0, 0, 0));
            sb.append(String.format(" : slabdata %6d %6d %6d%n", d.activeSlabs, d.numSlabs, 0));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------
    // Allocation and free (slab_alloc_node / do_slab_free and their debug paths)

    /** Allocates one object: from the first partial slab, else a new slab; 0 when no memory. */
    private long slabAlloc(Zone z, KmemCacheImpl c, int gfp, int origSize) {
        c.state(z.generation);
        for (;;) {
            SlabPage sp = c.partial.isEmpty() ? null : c.partial.get(0);
            if (sp == null) {
                sp = newSlab(z, c, gfp);
                if (sp == null) return 0;
            }
            long obj = sp.freelist;
            if (c.debug() && !allocDebugProcessing(z, sp, obj)) {
                // alloc_debug_processing() failed: "Marking all objects used", the slab is never used again
                isolate(z, sp);
                continue;
            }
            sp.freelist = getFreePointer(z, sp, obj);
            sp.inuse++;
            if (sp.freelist == 0) {
                c.partial.remove(sp);
                sp.onPartial = false;
            }
            if (c.has(SLAB_STORE_USER)) {
                int i = sp.index(obj);
                sp.allocTrack[i] = track();
                sp.origSize[i] = origSize; // set_orig_size(): only caches that track it keep it
            }
            if (c.debug()) initObject(z, sp, obj, SLUB_RED_ACTIVE);
            if ((gfp & Gfp.__GFP_ZERO) != 0) {
                // slab_post_alloc_hook(): zero_size is orig_size for debugged kmalloc caches
                memset(z, obj, (byte) 0, c.origSizeTracked() ? origSize : c.objectSize);
            }
            return obj;
        }
    }

    /** allocate_slab() + shuffle-free freelist setup: 2^order frames, every object free in order. */
    private SlabPage newSlab(Zone z, KmemCacheImpl c, int gfp) {
        long pfn = node.allocPages(gfp & ~Gfp.__GFP_ZERO, c.order);
        if (pfn < 0) return null;
        long base = addrOf(pfn);
        SlabPage sp = new SlabPage(c, pfn, base);
        int pages = 1 << c.order;
        for (int i = 0; i < pages; i++) z.setSlab(pfn + i, sp);
        z.slabPages += pages;
        // setup_slab_debug(): the whole slab POISON_INUSE, then each object init_object(INACTIVE)
        if (c.has(SLAB_POISON)) memset(z, base, POISON_INUSE, PAGE_SIZE << c.order);
        for (int i = 0; i < c.objects; i++) {
            long obj = sp.object(i);
            if (c.debug()) initObject(z, sp, obj, SLUB_RED_INACTIVE);
            setFreePointer(z, sp, obj, i + 1 < c.objects ? sp.object(i + 1) : 0);
        }
        sp.freelist = sp.object(0);
        c.slabs.add(sp);
        c.partial.add(0, sp);
        sp.onPartial = true;
        return sp;
    }

    /** do_slab_free() with free_debug_processing() when debugging; the object goes to the head of its slab's freelist. */
    private void slabFree(Zone z, SlabPage sp, long obj) {
        KmemCacheImpl c = sp.cache;
        if (!z.slabOwners.isEmpty()) z.slabOwners.remove(obj);
        int i = sp.index(obj);
        if (c.debug()) {
            if (!freeDebugProcessing(z, sp, obj)) return;
        } else if (i < 0 || obj == sp.freelist || sp.inuse == 0) {
            // without debugging SLUB does not look; KernelLab refuses what would break its own lists
            node.kernel.printk(LogLevel.ERR, String.format("kernel BUG at mm/slub.c: free of 0x%016x in %s is a double free or not an object"
                    + " (KernelLab: enable slub_debug to see SLUB's report)", obj, c.name));
            return;
        }
        if (sp.isolated) return; // a slab marked all used keeps its objects
        if (c.has(SLAB_STORE_USER)) sp.freeTrack[i] = track();
        setFreePointer(z, sp, obj, sp.freelist);
        sp.freelist = obj;
        sp.inuse--;
        if (!sp.onPartial) {
            c.partial.add(sp); // add_partial(n, slab, DEACTIVATE_TO_TAIL)
            sp.onPartial = true;
        }
        if (sp.inuse == 0 && c.partial.size() > c.minPartial) discardSlab(z, sp);
    }

    /** discard_slab(): the frames go back to the page allocator. */
    private void discardSlab(Zone z, SlabPage sp) {
        KmemCacheImpl c = sp.cache;
        c.partial.remove(sp);
        c.slabs.remove(sp);
        int pages = 1 << c.order;
        for (int i = 0; i < pages; i++) z.setSlab(sp.pfn + i, null);
        z.slabPages -= pages;
        node.freePages(sp.pfn, c.order);
    }

    private void isolate(Zone z, SlabPage sp) {
        sp.cache.partial.remove(sp);
        sp.onPartial = false;
        sp.isolated = true;
        sp.inuse = sp.cache.objects;
        sp.freelist = 0;
        node.kernel.printk(LogLevel.ERR, String.format("FIX %s: Marking all objects used", sp.cache.name));
    }

    // ---------------------------------------------------------------------------------
    // SLUB debugging (mm/slub.c)

    /** alloc_consistency_checks(): the object must be a valid free object, red zones and poison intact. */
    private boolean allocDebugProcessing(Zone z, SlabPage sp, long obj) {
        if (sp.index(obj) < 0) {
            StringBuilder sb = new StringBuilder();
            slabBug(z, sb, sp.cache, String.format("Freelist Pointer check fails"));
            printSlabInfo(sb, sp);
            node.kernel.printk(LogLevel.ERR, sb.toString());
            return false;
        }
        return checkObject(z, sp, obj, SLUB_RED_INACTIVE);
    }

    /** free_debug_processing() / free_consistency_checks(); false: "Object at 0x… not freed". */
    private boolean freeDebugProcessing(Zone z, SlabPage sp, long obj) {
        KmemCacheImpl c = sp.cache;
        boolean ok;
        if (sp.index(obj) < 0) {
            StringBuilder sb = new StringBuilder();
            slabBug(z, sb, c, String.format("Invalid object pointer 0x%016x", obj));
            printSlabInfo(sb, sp);
            node.kernel.printk(LogLevel.ERR, sb.toString());
            ok = false;
        } else if (sp.isolated) {
            ok = true;
        } else if (onFreelist(z, sp, obj)) {
            objectErr(z, sp, obj, "Object already free");
            ok = false;
        } else {
            ok = checkObject(z, sp, obj, SLUB_RED_ACTIVE);
        }
        if (ok && !sp.isolated) initObject(z, sp, obj, SLUB_RED_INACTIVE);
        if (!ok) {
            node.kernel.printk(LogLevel.ERR, String.format("FIX %s: Object at 0x%016x not freed", c.name, obj));
        }
        return ok;
    }

    /** on_freelist(): walks the slab's freelist (at most objects entries) looking for obj. */
    private boolean onFreelist(Zone z, SlabPage sp, long obj) {
        long fp = sp.freelist;
        for (int n = 0; fp != 0 && n <= sp.cache.objects; n++) {
            if (fp == obj) return true;
            if (sp.index(fp) < 0) return false; // a corrupt chain: check_object reports it
            fp = getFreePointer(z, sp, fp);
        }
        return false;
    }

    /** Which slots are free, from the freelist (__fill_map). */
    private boolean[] freeMap(Zone z, SlabPage sp) {
        boolean[] free = new boolean[sp.cache.objects];
        long fp = sp.freelist;
        for (int n = 0; fp != 0 && n < sp.cache.objects; n++) {
            int i = sp.index(fp);
            if (i < 0) break;
            free[i] = true;
            fp = getFreePointer(z, sp, fp);
        }
        return free;
    }

    /** init_object() (6.6): red zones set to {@code val}; poison over the object (or the kmalloc size asked for). */
    private void initObject(Zone z, SlabPage sp, long p, byte val) {
        KmemCacheImpl c = sp.cache;
        int poisonSize = c.objectSize;
        if (c.has(SLAB_RED_ZONE)) {
            memset(z, p - c.redLeftPad, val, c.redLeftPad);
            if (c.origSizeTracked() && val == SLUB_RED_ACTIVE) poisonSize = sp.origSize[sp.index(p)];
        }
        if (c.has(SLAB_POISON) && poisonSize > 0) {
            memset(z, p, POISON_FREE, poisonSize - 1);
            memset(z, p + poisonSize - 1, POISON_END, 1);
        }
        if (c.has(SLAB_RED_ZONE)) memset(z, p + poisonSize, val, c.inuse - poisonSize);
    }

    /** check_object() (6.6): red zones, the kmalloc red zone, poison, padding and the free pointer. */
    private boolean checkObject(Zone z, SlabPage sp, long p, byte val) {
        KmemCacheImpl c = sp.cache;
        if (c.has(SLAB_RED_ZONE)) {
            if (!checkBytesAndReport(z, sp, p, "Left Redzone", p - c.redLeftPad, val, c.redLeftPad)) return false;
            if (!checkBytesAndReport(z, sp, p, "Right Redzone", p + c.objectSize, val, c.inuse - c.objectSize)) return false;
            int orig = sp.origSize[sp.index(p)];
            if (c.origSizeTracked() && val == SLUB_RED_ACTIVE && c.objectSize > orig
                    && !checkBytesAndReport(z, sp, p, "kmalloc Redzone", p + orig, val, c.objectSize - orig)) return false;
        }
        if (c.has(SLAB_POISON)) {
            if (val != SLUB_RED_ACTIVE
                    && (!checkBytesAndReport(z, sp, p, "Poison", p, POISON_FREE, c.objectSize - 1)
                        || !checkBytesAndReport(z, sp, p, "End Poison", p + c.objectSize - 1, POISON_END, 1))) return false;
            // check_pad_bytes(): the filler after the tracks keeps POISON_INUSE
            int off = c.paddingStart();
            int len = c.sizeFromObject() - off;
            if (len > 0 && !checkBytesAndReport(z, sp, p, "Object padding", p + off, POISON_INUSE, len)) return false;
        }
        long fp = getFreePointer(z, sp, p);
        if (fp != 0 && sp.index(fp) < 0 && val == SLUB_RED_INACTIVE) {
            objectErr(z, sp, p, "Freepointer corrupt");
            setFreePointer(z, sp, p, 0);
            return false;
        }
        return true;
    }

    /** check_bytes_and_report() (6.6): the first byte not {@code value}, the report, and restore_bytes(). */
    private boolean checkBytesAndReport(Zone z, SlabPage sp, long object, String what, long start, byte value, int bytes) {
        int first = -1;
        for (int i = 0; i < bytes; i++) {
            if (getByte(z, start + i) != value) {
                first = i;
                break;
            }
        }
        if (first < 0) return true;
        long fault = start + first; // kernel addresses are negative as Java longs
        long end = start + bytes;
        while (end > fault && getByte(z, end - 1) == value) end--;
        KmemCacheImpl c = sp.cache;
        StringBuilder sb = new StringBuilder();
        slabBug(z, sb, c, what + " overwritten");
        sb.append(String.format("%n0x%016x-0x%016x @offset=%d. First byte 0x%x instead of 0x%x",
                fault, end - 1, fault - sp.base, getByte(z, fault) & 0xff, value & 0xff));
        printTrailer(z, sb, sp, object);
        // restore_bytes() -> slab_fix()
        sb.append(String.format("%nFIX %s: Restoring %s 0x%016x-0x%016x=0x%x", c.name, what, fault, end - 1, value & 0xff));
        memset(z, fault, value, (int) (end - fault));
        node.kernel.printk(LogLevel.ERR, sb.toString());
        z.badPageTaint = true;
        return false;
    }

    /** object_err(): slab_bug() with the reason, then print_trailer(). */
    private void objectErr(Zone z, SlabPage sp, long obj, String reason) {
        StringBuilder sb = new StringBuilder();
        slabBug(z, sb, sp.cache, reason);
        printTrailer(z, sb, sp, obj);
        node.kernel.printk(LogLevel.ERR, sb.toString());
        z.badPageTaint = true;
    }

    /** slab_bug(): the rule, {@code BUG <cache> (<tainted>): <reason>}, the dashes and a blank line. */
    private void slabBug(Zone z, StringBuilder sb, KmemCacheImpl c, String reason) {
        if (!sb.isEmpty()) sb.append('\n');
        sb.append("=============================================================================\n");
        sb.append("BUG ").append(c.name).append(" (").append(tainted(z)).append("): ").append(reason).append('\n');
        sb.append("-----------------------------------------------------------------------------\n");
    }

    /**
     * print_tainted() (kernel/panic.c) for the slab's own taint only: 'B' (TAINT_BAD_PAGE) once a
     * slab corruption was reported this boot. KernelLab's other taints are the core's and are not
     * shown here (docs/memory.md).
     */
    static String tainted(Zone z) {
        // one column per taint flag P F S R M B U D A W C I O E L K X T N; P prints G when clear
        return z.badPageTaint ? "Tainted: G    B             " : "Not tainted";
    }

    /** print_trailer() (6.6): tracking, the slab, the object line and the hex dumps of red zones, object and padding. */
    private void printTrailer(Zone z, StringBuilder sb, SlabPage sp, long p) {
        KmemCacheImpl c = sp.cache;
        int i = sp.index(p);
        printTracking(z, sb, sp, i);
        printSlabInfo(sb, sp);
        sb.append(String.format("%nObject 0x%016x @offset=%d fp=0x%016x%n", p, p - sp.base, getFreePointer(z, sp, p)));
        if (c.has(SLAB_RED_ZONE)) printSection(z, sb, "Redzone  ", p - c.redLeftPad, c.redLeftPad);
        else if (p > sp.base + 16) printSection(z, sb, "Bytes b4 ", p - 16, 16);
        printSection(z, sb, "Object   ", p, Math.min(c.objectSize, PAGE_SIZE));
        if (c.has(SLAB_RED_ZONE)) printSection(z, sb, "Redzone  ", p + c.objectSize, c.inuse - c.objectSize);
        int off = c.paddingStart();
        if (off != c.sizeFromObject()) printSection(z, sb, "Padding  ", p + off, c.sizeFromObject() - off);
    }

    /** print_tracking() / print_track(): "Allocated in … age=… cpu=… pid=…" and "Freed in …". */
    private void printTracking(Zone z, StringBuilder sb, SlabPage sp, int i) {
        if (!sp.cache.has(SLAB_STORE_USER) || i < 0) return;
        long now = node.kernel.jiffies();
        for (int k = 0; k < 2; k++) {
            SlabPage.Track t = k == 0 ? sp.allocTrack[i] : sp.freeTrack[i];
            if (t == null) continue;
            sb.append(String.format("%n%s in %s age=%d cpu=%d pid=%d", k == 0 ? "Allocated" : "Freed", t.caller(), now - t.when(), t.cpu(), t.pid()));
        }
    }

    /** print_slab_info(): {@code Slab 0x… objects=… used=… fp=0x… flags=…}. */
    private static void printSlabInfo(StringBuilder sb, SlabPage sp) {
        // %pGp: PG_slab (bit 11 in 6.6's enum pageflags), PG_head (bit 6) for a compound slab
        int flags = 1 << 11 | (sp.cache.order > 0 ? 1 << 6 : 0);
        sb.append(String.format("%nSlab 0x%016x objects=%d used=%d fp=0x%016x flags=%#x(%s)", sp.base, sp.cache.objects, sp.inuse,
                sp.freelist, flags, sp.cache.order > 0 ? "slab|head" : "slab"));
    }

    /**
     * print_section() -> print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, len, 1)
     * (lib/hexdump.c): 16 bytes a line, the ASCII column at 49. Addresses print unhashed.
     */
    private void printSection(Zone z, StringBuilder sb, String text, long addr, int len) {
        for (int row = 0; row < len; row += 16) {
            int n = Math.min(16, len - row);
            StringBuilder hex = new StringBuilder();
            StringBuilder ascii = new StringBuilder();
            for (int j = 0; j < n; j++) {
                int b = getByte(z, addr + row + j) & 0xff;
                if (j > 0) hex.append(' ');
                hex.append(String.format("%02x", b));
                ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            while (hex.length() < 49) hex.append(' ');
            sb.append(String.format("%n%s%016x: %s%s", text, addr + row, hex, ascii));
        }
    }

    // ---------------------------------------------------------------------------------
    // Memory access through the direct map

    static long addrOf(long pfn) {
        return PAGE_OFFSET + (pfn << PAGE_SHIFT);
    }

    static long pfnOf(long addr) {
        return (addr - PAGE_OFFSET) >>> PAGE_SHIFT;
    }

    private void checkRange(long addr, long len) {
        long end = PAGE_OFFSET + ((long) node.pages << PAGE_SHIFT);
        if (Long.compareUnsigned(addr, PAGE_OFFSET) < 0 || len < 0 || Long.compareUnsigned(addr + len, end) > 0) {
            throw new IllegalArgumentException(String.format("kernel address 0x%016x (+%d) is outside the direct map of RAM 0x%016x-0x%016x",
                    addr, len, PAGE_OFFSET, end - 1));
        }
    }

    private static byte getByte(Zone z, long addr) {
        long rel = addr - PAGE_OFFSET;
        return z.ram.get(rel >>> PAGE_SHIFT, (int) (rel & (PAGE_SIZE - 1)));
    }

    private static void memset(Zone z, long addr, byte val, int len) {
        long a = addr;
        int left = len;
        while (left > 0) {
            long rel = a - PAGE_OFFSET;
            int off = (int) (rel & (PAGE_SIZE - 1));
            int n = Math.min(left, PAGE_SIZE - off);
            z.ram.fill(rel >>> PAGE_SHIFT, off, n, val);
            left -= n;
            a += n;
        }
    }

    /**
     * get_freepointer(): the 8 little-endian bytes at s->offset. Slots and offsets are multiples
     * of 8 from a page-aligned slab, so a free pointer never straddles two frames.
     */
    private static long getFreePointer(Zone z, SlabPage sp, long obj) {
        long rel = obj + sp.cache.offset - PAGE_OFFSET;
        return z.ram.getLong(rel >>> PAGE_SHIFT, (int) (rel & (PAGE_SIZE - 1)));
    }

    private static void setFreePointer(Zone z, SlabPage sp, long obj, long fp) {
        long rel = obj + sp.cache.offset - PAGE_OFFSET;
        z.ram.putLong(rel >>> PAGE_SHIFT, (int) (rel & (PAGE_SIZE - 1)), fp);
    }

    // ---------------------------------------------------------------------------------
    // Tracking

    /** set_track(): the caller (the first frame outside the memory manager and the kernel's boundary), pid, cpu, jiffies. */
    private SlabPage.Track track() {
        int pid = 0;
        int cpu = 0;
        try {
            pid = node.kernel.current().pid();
            cpu = node.kernel.smpProcessorId();
        } catch (IllegalStateException outside) {
            // console call: no task
        }
        return new SlabPage.Track(callerFrame(), pid, cpu, node.kernel.jiffies());
    }

    private static final StackWalker WALKER = StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 8);
    private static final Object OWN_SOURCE = sourceOf(SlabImpl.class);

    private static Object sourceOf(Class<?> cls) {
        var pd = cls.getProtectionDomain();
        var cs = pd == null ? null : pd.getCodeSource();
        return cs == null || cs.getLocation() == null ? cls.getClassLoader() : cs.getLocation().toString();
    }

    /** The first frame outside the memory manager and the boundary: who called the service. */
    static StackWalker.StackFrame callerFrame() {
        return WALKER.walk(frames -> frames.filter(f -> !isKernelFrame(f.getDeclaringClass())).findFirst().orElse(null));
    }

    /** %pS of the caller, as {@code Class.method (File.java:line)}. */
    static String caller() {
        return new SlabPage.Track(callerFrame(), 0, 0, 0).caller();
    }

    /** Whether a class's frames are the kernel's (computed once per class: a code-source lookup is slow). */
    private static final ClassValue<Boolean> KERNEL_FRAME = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> cls) {
            return classify(cls);
        }
    };

    private static boolean isKernelFrame(Class<?> cls) {
        return KERNEL_FRAME.get(cls);
    }

    private static boolean classify(Class<?> cls) {
        String n = cls.getName();
        if (n.startsWith("org.kernellab.mm.impl.")) return java.util.Objects.equals(sourceOf(cls), OWN_SOURCE);
        return n.startsWith("org.kernellab.core.") || n.startsWith("jdk.proxy") || n.startsWith("com.sun.proxy")
                || n.startsWith("java.") || n.startsWith("jdk.internal.") || cls.isAnnotationPresent(GeneratedBoundary.class);
    }

    private static KmemCacheImpl impl(KmemCache cache) {
        if (cache instanceof KmemCacheImpl c) {
            if (c.destroyed) throw new IllegalArgumentException(c + " was destroyed; create it again");
            return c;
        }
        throw new IllegalArgumentException("cache " + cache + " was not made by kmem_cache_create()");
    }

    // ---------------------------------------------------------------------------------
    // Safe unload: one Slab per using bundle (PerBundle)

    /** The Slab a bundle sees (behind the boundary): caches it creates and objects it allocates are its own. */
    private final class ForBundle implements Slab {
        final Holder holder;
        boolean released;

        ForBundle(Holder holder) {
            this.holder = holder;
        }

        @Override
        public KmemCache kmemCacheCreate(String name, int size, int align, int flags) {
            if (released) return null;
            return create(name, size, align, flags, this);
        }

        @Override
        public long kmemCacheAlloc(KmemCache cache, int gfp) {
            if (released) return 0;
            long a = SlabImpl.this.kmemCacheAlloc(cache, gfp);
            if (a != 0) node.live().slabOwners.put(a, this);
            return a;
        }

        @Override
        public long kmalloc(long size, int gfp) {
            if (released) return 0;
            long a = SlabImpl.this.kmalloc(size, gfp);
            if (a != 0 && a != ZERO_SIZE_PTR) node.live().slabOwners.put(a, this);
            return a;
        }

        @Override public void kmemCacheFree(KmemCache cache, long addr) { SlabImpl.this.kmemCacheFree(cache, addr); }
        @Override public void kmemCacheDestroy(KmemCache cache) { SlabImpl.this.kmemCacheDestroy(cache); }
        @Override public void kfree(long addr) { SlabImpl.this.kfree(addr); }
        @Override public long ksize(long addr) { return SlabImpl.this.ksize(addr); }
        @Override public void read(long addr, byte[] dst, int dstOff, int len) { SlabImpl.this.read(addr, dst, dstOff, len); }
        @Override public void write(long addr, byte[] src, int srcOff, int len) { SlabImpl.this.write(addr, src, srcOff, len); }
        @Override public int validate(KmemCache cache) { return SlabImpl.this.validate(cache); }
        @Override public List<SlabInfoDTO> slabInfo() { return SlabImpl.this.slabInfo(); }
        @Override public String procSlabinfo() { return SlabImpl.this.procSlabinfo(); }
        @Override public String toString() { return "Slab of " + holder.label(); }
    }

    @Override
    public Slab open(Holder holder) {
        return new ForBundle(holder);
    }

    /** Objects the bundle allocated and nobody freed, one entry per cache; then caches it created and did not destroy. */
    @Override
    public List<LeakDTO> held(Slab opened) {
        List<LeakDTO> out = new ArrayList<>();
        Zone z = node.readable();
        if (z != null) {
            Map<String, Integer> byCache = new TreeMap<>();
            for (Map.Entry<Long, Object> e : z.slabOwners.entrySet()) {
                if (e.getValue() != opened) continue;
                SlabPage sp = z.slabOf(pfnOf(e.getKey()));
                byCache.merge(sp == null ? "kmalloc (whole pages)" : sp.cache.name, 1, Integer::sum);
            }
            byCache.forEach((cache, n) -> out.add(new LeakDTO("slab", n + (n == 1 ? " object of " : " objects of ") + cache,
                    "allocated", cache.startsWith("kmalloc") ? "kfree()" : "kmem_cache_free()",
                    "free every object you allocate (kfree / kmem_cache_free) in your deactivate")));
        }
        for (KmemCacheImpl c : caches) {
            if (c.owner != opened || c.destroyed) continue;
            out.add(new LeakDTO("kmem_cache", c.name, "created", "kmem_cache_destroy()",
                    "call kmem_cache_destroy() in your deactivate, after freeing its objects"));
        }
        return out;
    }

    /** kfree / kmem_cache_free of the bundle's objects, then kmem_cache_destroy of its caches. */
    @Override
    public void release(Slab opened) {
        ((ForBundle) opened).released = true;
        Zone z = node.readable();
        if (z != null) {
            for (Map.Entry<Long, Object> e : new ArrayList<>(z.slabOwners.entrySet())) {
                if (e.getValue() == opened) kfree(e.getKey());
            }
        }
        for (KmemCacheImpl c : new ArrayList<>(caches)) {
            if (c.owner == opened && !c.destroyed) destroy(c, "the leak release of " + ((ForBundle) opened).holder.label());
        }
    }
}
