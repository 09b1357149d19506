package org.kernellab.mm.impl;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/meminfo ({@link MemViews#meminfo}). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=meminfo")
public final class MeminfoProcEntry extends ProcFile {
    @Activate
    public MeminfoProcEntry(@Reference MemoryNode node) {
        super(() -> MemViews.meminfo(node.live(), node.vmCounts()));
    }
}
