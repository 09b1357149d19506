package org.kernellab.proc;

import org.kernellab.api.Kernel;
import org.kernellab.api.proc.ProcEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/PID/sched (kernel/sched/debug.c proc_sched_show_task). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=" + ProcEntry.PID + "/sched")
public final class PidSchedEntry extends PidFile {
    @Activate
    public PidSchedEntry(@Reference Kernel kernel) {
        super(kernel, TaskFiles::sched);
    }
}
