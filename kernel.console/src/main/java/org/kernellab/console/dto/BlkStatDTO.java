package org.kernellab.console.dto;

/** A {@code blk:stat} report: the interval of virtual time it covers and one row per disk. */
public class BlkStatDTO {
    /** The interval's start and end, ns of virtual time since boot. */
    public long fromNs;
    public long toNs;
    /** True when the interval starts at boot (the first report, or asked for with -b). */
    public boolean sinceBoot;
    public IostatDTO[] disks;
}
