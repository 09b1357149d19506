package org.kernellab.api.irq;

/** irqreturn_t (include/linux/irqreturn.h). */
public enum IrqReturn {
    /** IRQ_NONE: the interrupt was not from this device. */
    NONE,
    /** IRQ_HANDLED. */
    HANDLED,
    /** IRQ_WAKE_THREAD: the primary handler asks for the threaded handler to run. */
    WAKE_THREAD
}
