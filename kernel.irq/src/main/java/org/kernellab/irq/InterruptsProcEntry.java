package org.kernellab.irq;

import org.kernellab.api.irq.IrqController;
import org.kernellab.api.proc.ProcEntry;
import org.kernellab.api.proc.ProcFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** /proc/interrupts (kernel/irq/proc.c show_interrupts), rendered by the interrupt layer. */
@Component(service = ProcEntry.class, property = ProcEntry.PATH + "=interrupts")
public final class InterruptsProcEntry extends ProcFile {
    @Activate
    public InterruptsProcEntry(@Reference IrqController irq) {
        super(irq::procInterrupts);
    }
}
