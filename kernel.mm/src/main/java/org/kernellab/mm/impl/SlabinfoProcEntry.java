package org.kernellab.mm.impl;

import org.kernellab.api.mm.Slab;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/slabinfo (mm/slab_common.c slab_show), rendered by the slab allocator. */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=slabinfo")
public final class SlabinfoProcEntry extends ProcFile {
    @Activate
    public SlabinfoProcEntry(@Reference Slab slab) {
        super(slab::procSlabinfo);
    }
}
