package org.kernellab.mm.vm;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.vm.AddressSpaces;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/PID/status (fs/proc/array.c proc_pid_status, with task_mem's Vm lines). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=" + ProcEntry.PID + "/status")
public final class PidStatusEntry extends PidView {
    @Activate
    public PidStatusEntry(@Reference AddressSpaces mm) {
        super(mm::procStatus);
    }
}
