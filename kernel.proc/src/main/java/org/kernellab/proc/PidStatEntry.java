package org.kernellab.proc;

import org.kernellab.api.Kernel;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.vm.AddressSpaces;
import org.kernellab.api.vm.dto.MmStatsDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * /proc/PID/stat (fs/proc/array.c do_task_stat). The page-fault counts come from the address-space
 * service when there is one (a process that never touched memory, or a kernel thread, has none).
 */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=" + ProcEntry.PID + "/stat")
public final class PidStatEntry extends PidFile {
    @Activate
    public PidStatEntry(@Reference Kernel kernel,
                        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) AddressSpaces mm) {
        super(kernel, t -> {
            MmStatsDTO s = mm == null ? null : mm.stats(t.pid);
            return s == null ? TaskFiles.stat(t) : TaskFiles.stat(t, s.minFlt, s.majFlt);
        });
    }
}
