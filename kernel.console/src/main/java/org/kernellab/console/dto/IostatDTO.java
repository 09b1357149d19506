package org.kernellab.console.dto;

/**
 * One disk's row of {@code blk:stat}, in iostat -x's units (sysstat 12.6): per second of virtual
 * time, kB of 1024 bytes, ms, percent. Computed from two samples of /proc/diskstats.
 */
public class IostatDTO {
    public String device;
    public double rPerSec, rkBPerSec, rrqmPerSec, rrqmPct, rAwait, rareqSz;
    public double wPerSec, wkBPerSec, wrqmPerSec, wrqmPct, wAwait, wareqSz;
    public double dPerSec, dkBPerSec, drqmPerSec, drqmPct, dAwait, dareqSz;
    public double fPerSec, fAwait;
    public double aquSz, util;
}
