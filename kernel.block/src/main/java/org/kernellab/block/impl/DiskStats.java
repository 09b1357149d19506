package org.kernellab.block.impl;

import org.kernellab.api.block.BioOp;

/**
 * One disk's counters, kept by Linux's rules (struct disk_stats, block/blk-core.c and
 * block/blk-mq.c) and printed as /proc/diskstats prints them (block/genhd.c diskstats_show).
 */
final class DiskStats {
    /** enum stat_group (include/linux/blk_types.h). */
    static final int STAT_READ = 0, STAT_WRITE = 1, STAT_DISCARD = 2, STAT_FLUSH = 3;

    final long[] ios = new long[4];
    final long[] merges = new long[4];
    final long[] sectors = new long[4];
    final long[] nsecs = new long[4];
    /** io_ticks, in jiffies. */
    long ioTicks;
    /** bd_stamp, in jiffies. */
    long stamp;

    static int group(BioOp op) {
        return switch (op) {
            case READ -> STAT_READ;
            case WRITE -> STAT_WRITE;
            case FLUSH -> STAT_FLUSH;
        };
    }

    /**
     * update_io_ticks() as in Linux 6.6 (block/blk-core.c): the first call in a new jiffy moves
     * the stamp and adds the jiffies since the old stamp at a completion, one jiffy at a start.
     */
    void updateIoTicks(long nowJiffies, boolean end) {
        if (nowJiffies > stamp) {
            ioTicks += end ? nowJiffies - stamp : 1;
            stamp = nowJiffies;
        }
    }

    void clear() {
        for (long[] a : new long[][] {ios, merges, sectors, nsecs}) java.util.Arrays.fill(a, 0);
        ioTicks = 0;
        stamp = 0;
    }

    /**
     * One line of /proc/diskstats: {@code "%4d %7d %pg "} then the 17 fields
     * {@code "%lu %lu %lu %u %lu %lu %lu %u %u %u %u %lu %lu %lu %u %lu %u\n"}; times in ms
     * (nsecs / NSEC_PER_MSEC, io_ticks through jiffies_to_msecs).
     */
    String line(int major, int minor, String name, int inFlight, int hz) {
        long weightedNs = nsecs[STAT_READ] + nsecs[STAT_WRITE] + nsecs[STAT_DISCARD] + nsecs[STAT_FLUSH];
        return String.format("%4d %7d %s %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d%n",
                major, minor, name,
                ios[STAT_READ], merges[STAT_READ], sectors[STAT_READ], ms(nsecs[STAT_READ]),
                ios[STAT_WRITE], merges[STAT_WRITE], sectors[STAT_WRITE], ms(nsecs[STAT_WRITE]),
                inFlight, uint(ioTicks * 1000 / hz), uint(weightedNs / 1_000_000),
                ios[STAT_DISCARD], merges[STAT_DISCARD], sectors[STAT_DISCARD], ms(nsecs[STAT_DISCARD]),
                ios[STAT_FLUSH], ms(nsecs[STAT_FLUSH]));
    }

    /** The %u fields are 32-bit: (unsigned int)div_u64(ns, NSEC_PER_MSEC). */
    private static long ms(long ns) { return uint(ns / 1_000_000); }

    private static long uint(long v) { return v & 0xffff_ffffL; }
}
