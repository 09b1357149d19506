package org.kernellab.proc;

import org.kernellab.api.Kernel;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/schedstat (kernel/sched/stats.c show_schedstat, version 15). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=schedstat")
public final class SchedstatEntry extends ProcFile {
    @Activate
    public SchedstatEntry(@Reference Kernel kernel) {
        super(() -> TaskFiles.schedstat(kernel.cpuStats(), kernel.jiffies()));
    }
}
