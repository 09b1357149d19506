package org.kernellab.mm.impl;

/**
 * struct slab (mm/slab.h): 2^order frames cut into a cache's objects. The freelist is threaded
 * through the objects' own bytes (each free object's free pointer holds the next one's address);
 * {@link #freelist} is the first. The alloc and free tracks (SLAB_STORE_USER) are kept here, in
 * Java, and the kmalloc size asked for each object.
 */
final class SlabPage {
    final KmemCacheImpl cache;
    final long pfn;
    /** slab_address(): the kernel address of the first byte. */
    final long base;
    int inuse;
    /** Address of the first free object, 0 for none. */
    long freelist;
    /** Marked all used after a corrupt object was found ("Marking all objects used"): never allocated from again. */
    boolean isolated;
    boolean onPartial;
    final Track[] allocTrack;
    final Track[] freeTrack;
    final int[] origSize;

    /**
     * struct track: the caller's frame (formatted only when a report prints it), pid and cpu, and
     * when (jiffies).
     */
    record Track(StackWalker.StackFrame frame, int pid, int cpu, long when) {
        /** %pS of the caller, as {@code Class.method (File.java:line)}. */
        String caller() {
            return frame == null ? "(unknown)" : frame.getDeclaringClass().getSimpleName() + "." + frame.getMethodName()
                    + " (" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
        }
    }

    SlabPage(KmemCacheImpl cache, long pfn, long base) {
        this.cache = cache;
        this.pfn = pfn;
        this.base = base;
        this.allocTrack = new Track[cache.objects];
        this.freeTrack = new Track[cache.objects];
        this.origSize = new int[cache.objects];
    }

    /** The object's address for slot i (the slot starts red_left_pad before it). */
    long object(int i) {
        return base + (long) i * cache.size + cache.redLeftPad;
    }

    /** The slot of an object address, or -1 when the address is not the start of an object (check_valid_pointer). */
    int index(long addr) {
        long rel = addr - base - cache.redLeftPad;
        if (rel < 0 || rel >= cache.slabBytes) return -1;
        int i = cache.slot(rel);
        return (long) i * cache.size == rel ? i : -1;
    }
}
