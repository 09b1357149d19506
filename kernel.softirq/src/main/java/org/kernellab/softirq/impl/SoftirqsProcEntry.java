package org.kernellab.softirq.impl;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.kernellab.api.softirq.Softirqs;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/softirqs (fs/proc/softirqs.c), rendered by the softirq layer. */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=softirqs")
public final class SoftirqsProcEntry extends ProcFile {
    @Activate
    public SoftirqsProcEntry(@Reference Softirqs softirqs) {
        super(softirqs::procSoftirqs);
    }
}
