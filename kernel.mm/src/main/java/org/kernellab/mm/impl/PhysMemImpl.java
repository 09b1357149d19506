package org.kernellab.mm.impl;

import org.kernellab.api.mm.PhysMem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The bytes of simulated RAM ({@link Ram}) of the current machine generation: a reset gives zeroed RAM. */
@Component(service = PhysMem.class)
public final class PhysMemImpl implements PhysMem {
    private final MemoryNode node;

    @Activate
    public PhysMemImpl(@Reference MemoryNode node) {
        this.node = node;
    }

    @Override
    public void read(long pfn, int offset, byte[] dst, int dstOff, int len) {
        node.live().ram.read(pfn, offset, dst, dstOff, len);
    }

    @Override
    public void write(long pfn, int offset, byte[] src, int srcOff, int len) {
        node.live().ram.write(pfn, offset, src, srcOff, len);
    }

    @Override
    public void copyPage(long dstPfn, long srcPfn) {
        node.live().ram.copyPage(dstPfn, srcPfn);
    }

    @Override
    public void clearPage(long pfn) {
        node.live().ram.clearPage(pfn);
    }
}
