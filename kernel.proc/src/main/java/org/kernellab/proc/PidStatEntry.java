package org.kernellab.proc;

import org.kernellab.api.Kernel;
import org.kernellab.api.proc.ProcEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/PID/stat (fs/proc/array.c do_task_stat). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=" + ProcEntry.PID + "/stat")
public final class PidStatEntry extends PidFile {
    @Activate
    public PidStatEntry(@Reference Kernel kernel) {
        super(kernel, TaskFiles::stat);
    }
}
