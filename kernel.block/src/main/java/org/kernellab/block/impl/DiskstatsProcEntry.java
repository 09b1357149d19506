package org.kernellab.block.impl;

import org.kernellab.api.block.BlockLayer;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/diskstats (block/genhd.c diskstats_show). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=diskstats")
public final class DiskstatsProcEntry extends ProcFile {
    @Activate
    public DiskstatsProcEntry(@Reference BlockLayer block) {
        super(block::diskstats);
    }
}
