package org.kernellab.mm.impl;

import org.kernellab.api.mm.PageCache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The page cache's service: readahead of a disk's pages through the address spaces' page cache
 * ({@link DiskReadahead}, which reads them through the block layer), and the reclaim side over
 * node 0's inactive file list ({@link MemoryNode#dropCaches}). Without a block layer or a disk,
 * readahead adds clean pages that hold no data ({@link MemoryNode#readPages}).
 */
@Component(service = PageCache.class)
public final class PageCacheImpl implements PageCache {
    private final MemoryNode node;
    /** The address spaces' page cache, when present. Set by DS on its thread, read by simulated code. */
    private volatile DiskReadahead disks;

    @Activate
    public PageCacheImpl(@Reference MemoryNode node) {
        this.node = node;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setDiskReadahead(DiskReadahead d) {
        this.disks = d;
    }

    void unsetDiskReadahead(DiskReadahead d) {
        if (this.disks == d) this.disks = null;
    }

    @Override
    public long readPages(long nr) {
        if (nr < 0) throw new IllegalArgumentException("nr " + nr + " must not be negative");
        DiskReadahead d = disks;
        if (d != null && d.hasDisk()) {
            if (!node.inTask()) {
                throw new IllegalStateException("readPages(" + nr + ") outside a task: readahead submits bios to the disk,"
                        + " and submit_bio may sleep; call it from a task, a kthread or a workqueue");
            }
            return d.readahead(nr);
        }
        return node.still(() -> node.readPages(nr));
    }

    @Override
    public long dropCaches() {
        return node.still(node::dropCaches);
    }

    @Override
    public long cachedPages() {
        return node.still(() -> {
            Zone z = node.readable();
            return z == null ? 0L : (long) z.inactiveFile.size();
        });
    }
}
