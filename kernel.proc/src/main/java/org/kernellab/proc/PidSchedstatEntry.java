package org.kernellab.proc;

import org.kernellab.api.Kernel;
import org.kernellab.api.proc.ProcEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/PID/schedstat (fs/proc/base.c proc_pid_schedstat). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=" + ProcEntry.PID + "/schedstat")
public final class PidSchedstatEntry extends PidFile {
    @Activate
    public PidSchedstatEntry(@Reference Kernel kernel) {
        super(kernel, TaskFiles::pidSchedstat);
    }
}
