package org.kernellab.mm.vm;

/**
 * What the address-space code knows of one page frame it uses for user memory (the parts of
 * struct page it needs): how many PTEs map it, and whether it is anonymous or in a page cache.
 */
final class Page {
    static final int ANON = 0;
    static final int FILE = 1;
    static final int SHMEM = 2;

    final long pfn;
    final int kind;
    final Mapping mapping;
    final long index;
    /** page_mapcount(). */
    int mapcount;
    /** Written through a shared mapping: not clean, so not dropped from the cache. */
    boolean dirty;
    /** When the disk read that fills it completes (a locked, not yet uptodate folio before then). */
    long readyAt;

    Page(long pfn, int kind, Mapping mapping, long index) {
        this.pfn = pfn;
        this.kind = kind;
        this.mapping = mapping;
        this.index = index;
    }
}
