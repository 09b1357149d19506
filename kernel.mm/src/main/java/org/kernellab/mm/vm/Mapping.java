package org.kernellab.mm.vm;

import java.util.HashMap;
import java.util.Map;

import org.kernellab.api.vm.VmFile;

/**
 * What a file or shared anonymous VMA maps (struct address_space): the file's page cache, its
 * pages by index. A regular file's pages are read from the disk on a miss (a major fault) and
 * stay cached after the last unmap, as clean page cache does, until reclaim drops them (they are
 * on node 0's inactive file list). A disk's own pages (the block device's mapping, /dev/disk0)
 * are one too, filled by readahead. A shared
 * anonymous mapping is backed by shmem (mm/shmem.c): a miss gives a zeroed page (a minor fault),
 * and its pages live as long as a VMA maps the object.
 */
final class Mapping {
    final VmFile file;
    final boolean shmem;
    final Map<Long, Page> pages = new HashMap<>();
    /** VMAs that map this object (across all processes). */
    int vmas;
    /** The next page readahead reads (file_ra_state's start, for a block device's mapping). */
    long raNext;

    Mapping(VmFile file, boolean shmem) {
        this.file = file;
        this.shmem = shmem;
    }
}
