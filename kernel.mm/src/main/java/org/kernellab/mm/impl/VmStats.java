package org.kernellab.mm.impl;

/**
 * What the address-space half of the memory manager counts for /proc/meminfo and /proc/vmstat:
 * its pages by kind, the page tables of every mm, and the fault and OOM-kill events since the
 * machine booted. Implemented by org.kernellab.mm.vm's service, used by {@link MemoryNode}'s views;
 * both in this bundle (the package is private). Read at a safe point.
 */
public interface VmStats {
    /**
     * The counts, in pages or events.
     *
     * @param anon       anonymous pages mapped by processes (AnonPages, nr_anon_pages)
     * @param mapped     file pages mapped by a page table (Mapped, nr_mapped)
     * @param shmem      shared anonymous pages (Shmem, nr_shmem)
     * @param pageTables page-table pages, pgd included (PageTables, nr_page_table_pages)
     * @param pgfault    page faults, minor and major (pgfault)
     * @param pgmajfault major faults (pgmajfault)
     * @param oomKill    processes the OOM killer killed (oom_kill)
     */
    record Counts(long anon, long mapped, long shmem, long pageTables, long pgfault, long pgmajfault, long oomKill) {
        /** No address-space service: nothing counted. */
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);
    }

    Counts counts();
}
