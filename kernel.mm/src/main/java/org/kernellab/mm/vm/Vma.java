package org.kernellab.mm.vm;

/**
 * A virtual memory area (struct vm_area_struct, include/linux/mm_types.h): {@code [start, end)}
 * with its flags and, for a file or shared anonymous mapping, the object it maps from page
 * {@code pgoff}.
 */
final class Vma {
    // include/linux/mm.h
    static final int VM_READ = 0x1;
    static final int VM_WRITE = 0x2;
    static final int VM_EXEC = 0x4;
    static final int VM_SHARED = 0x8;
    static final int VM_MAYREAD = 0x10;
    static final int VM_MAYWRITE = 0x20;
    static final int VM_MAYEXEC = 0x40;
    static final int VM_MAYSHARE = 0x80;
    static final int VM_GROWSDOWN = 0x100;

    long start;
    long end;
    int flags;
    /** The mapped object, or null for private anonymous memory. */
    final Mapping mapping;
    /** The object page at {@link #start}. */
    long pgoff;

    Vma(long start, long end, int flags, Mapping mapping, long pgoff) {
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.mapping = mapping;
        this.pgoff = pgoff;
    }

    long pages() { return (end - start) >>> 12; }

    boolean shared() { return (flags & VM_SHARED) != 0; }

    /** The object page that {@code va} maps. */
    long index(long va) { return pgoff + ((va - start) >>> 12); }

    /** A copy of this VMA covering {@code [s, e)} (split_vma's new half). */
    Vma slice(long s, long e) {
        return new Vma(s, e, flags, mapping, pgoff + ((s - start) >>> 12));
    }

    /** is_mergeable_vma and the pgoff rule of vma_merge (mm/vma.c): {@code next} may continue this one. */
    boolean canMergeWith(Vma next) {
        if (end != next.start || flags != next.flags || mapping != next.mapping) return false;
        return mapping == null || pgoff + pages() == next.pgoff;
    }

    String perms() {
        return "" + ((flags & VM_READ) != 0 ? 'r' : '-') + ((flags & VM_WRITE) != 0 ? 'w' : '-')
                + ((flags & VM_EXEC) != 0 ? 'x' : '-') + ((flags & VM_MAYSHARE) != 0 ? 's' : 'p');
    }
}
