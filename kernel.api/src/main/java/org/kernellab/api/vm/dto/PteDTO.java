package org.kernellab.api.vm.dto;

/** One present page-table entry of a process (what mm:pagemap lists). */
public class PteDTO {
    public long vaddr;
    public long pfn;
    public boolean writable;
    public boolean dirty;
    public boolean accessed;
    /** How many page-table entries map the frame (page_mapcount): above 1 for a page shared after fork. */
    public int mapcount;
    /** "anon", "file" or "shmem". */
    public String kind;
}
