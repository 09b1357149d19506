package org.kernellab.mm.impl;

import org.kernellab.api.mm.PageCache;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The reclaimable pool of clean page-cache pages ({@link MemoryNode#readPages}, {@link MemoryNode#dropCaches}). */
@Component(service = PageCache.class)
public final class PageCacheImpl implements PageCache {
    private final MemoryNode node;

    @Activate
    public PageCacheImpl(@Reference MemoryNode node) {
        this.node = node;
    }

    @Override
    public long readPages(long nr) {
        if (nr < 0) throw new IllegalArgumentException("nr " + nr + " must not be negative");
        return node.readPages(nr);
    }

    @Override
    public long dropCaches() {
        return node.dropCaches();
    }

    @Override
    public long cachedPages() {
        return node.still(() -> {
            Zone z = node.readable();
            return z == null ? 0L : (long) z.inactiveFile.size();
        });
    }
}
