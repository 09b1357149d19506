package org.kernellab.mm.impl;

/**
 * Readahead of a disk's own pages (the block device's mapping) into the page cache, done by the
 * address spaces' page cache, which reads pages through the block layer; used by
 * {@link PageCacheImpl}. Both in this bundle (the package is private).
 */
public interface DiskReadahead {
    /**
     * page_cache_ra_unbounded() over the first disk's block-device mapping: up to {@code nr}
     * pages added locked, their READ bios submitted, no waiting; returns how many were added, or
     * -1 when there is no block layer or no disk to read from. From a task (submit_bio may sleep).
     */
    long readahead(long nr);

    /** True when a block layer with at least one disk is bound, so that readahead reads from a disk. Any context. */
    boolean hasDisk();
}
