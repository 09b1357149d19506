package org.kernellab.mm.vm;

import java.util.ArrayList;
import java.util.List;

import org.kernellab.api.Task;

/**
 * What the address-space code knows of one page frame it uses for user memory (the parts of
 * struct page / struct folio it needs): how many PTEs map it, whether it is anonymous or in a
 * page cache, and for a page-cache page its read state: PG_locked while the disk reads it,
 * PG_uptodate once the data is there (include/linux/page-flags.h).
 */
final class Page {
    static final int ANON = 0;
    static final int FILE = 1;
    static final int SHMEM = 2;

    final long pfn;
    final int kind;
    final Mapping mapping;
    final long index;
    /** page_mapcount(); a faulting task also holds one while it may sleep, so that reclaim keeps the page. */
    int mapcount;
    /** Written through a shared mapping: not clean, so not dropped from the cache. */
    boolean dirty;
    /**
     * A file given by its contents (no disk behind it): when its stand-in read completes. The
     * page is as good as locked until then.
     */
    long readyAt;
    /** PG_locked: a READ bio for the page is in flight; its completion clears it. */
    boolean locked;
    /** PG_uptodate: the page holds the file's data (false while under read, and after a failed read). */
    boolean uptodate = true;
    /** The tasks asleep in folio_wait_locked() on this page (its bit wait queue); null when none. */
    List<Task> waiters;

    Page(long pfn, int kind, Mapping mapping, long index) {
        this.pfn = pfn;
        this.kind = kind;
        this.mapping = mapping;
        this.index = index;
    }

    void addWaiter(Task t) {
        if (waiters == null) waiters = new ArrayList<>(2);
        waiters.add(t);
    }
}
