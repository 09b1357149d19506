package org.kernellab.mm.impl;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/vmstat ({@link MemViews#vmstat}). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=vmstat")
public final class VmstatProcEntry extends ProcFile {
    @Activate
    public VmstatProcEntry(@Reference MemoryNode node) {
        super(() -> MemViews.vmstat(node.live(), node.vmCounts()));
    }
}
