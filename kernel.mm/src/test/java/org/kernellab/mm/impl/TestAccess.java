package org.kernellab.mm.impl;

/** Opens the page cache's DS wiring to the address-space tests (another package of this bundle). */
public final class TestAccess {
    private TestAccess() {}

    /** The PageCache service as DS wires it: node 0 and the address spaces' readahead. */
    public static PageCacheImpl pageCache(MemoryNode node, DiskReadahead disks) {
        PageCacheImpl c = new PageCacheImpl(node);
        c.setDiskReadahead(disks);
        return c;
    }

    /** pgscan and pgsteal of direct reclaim and kswapd, as /proc/vmstat counts them. */
    public static long[] reclaimCounts(MemoryNode node) {
        return node.still(() -> {
            Zone z = node.readable();
            return z == null ? new long[4] : new long[] {z.pgscanDirect, z.pgstealDirect, z.pgscanKswapd, z.pgstealKswapd};
        });
    }
}
