package org.kernellab.api.mm.dto;

/** One zone's free lists: one row of /proc/buddyinfo. */
public class BuddyInfoDTO {
    public int node;
    public String zone;
    /** free_area[order].nr_free: free blocks of each order, index 0..MAX_ORDER. */
    public long[] nrFree;
}
