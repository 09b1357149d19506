package org.kernellab.mm.vm;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.vm.AddressSpaces;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/PID/maps (fs/proc/task_mmu.c show_map_vma). */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=" + ProcEntry.PID + "/maps")
public final class PidMapsEntry extends PidView {
    @Activate
    public PidMapsEntry(@Reference AddressSpaces mm) {
        super(mm::procMaps);
    }
}
