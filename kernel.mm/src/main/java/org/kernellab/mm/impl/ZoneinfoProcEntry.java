package org.kernellab.mm.impl;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/zoneinfo ({@link MemViews#zoneinfo}). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=zoneinfo")
public final class ZoneinfoProcEntry extends ProcFile {
    @Activate
    public ZoneinfoProcEntry(@Reference MemoryNode node) {
        super(() -> MemViews.zoneinfo(node.live(), node.machine.nrCpus()));
    }
}
