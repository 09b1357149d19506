package org.kernellab.api.irq;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An interrupt handler (irq_handler_t). Called by the interrupt layer in hard-IRQ context:
 * HARDIRQ_OFFSET is added to preempt_count and local interrupts are off (unless the line was
 * requested {@link IrqFlag#NESTABLE}). It must not sleep, take a mutex, allocate with
 * GFP_KERNEL, touch user memory or call schedule(). A threaded handler instead runs in its
 * irq thread, in process context, and may sleep.
 */
@ConsumerType
@FunctionalInterface
public interface IrqHandler {
    IrqReturn handle(int irq, Object devId);
}
