package org.kernellab.softirq.impl;

import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.kernellab.api.workqueue.Workqueues;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/workqueues (KernelLab's listing in show_all_workqueues()' formats), rendered by the workqueue layer. */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=workqueues")
public final class WorkqueuesProcEntry extends ProcFile {
    @Activate
    public WorkqueuesProcEntry(@Reference Workqueues workqueues) {
        super(workqueues::procWorkqueues);
    }
}
