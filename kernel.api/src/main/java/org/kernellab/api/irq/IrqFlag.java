package org.kernellab.api.irq;

/** Flags for request_irq (include/linux/interrupt.h), and one KernelLab addition. */
public enum IrqFlag {
    /** IRQF_SHARED: several handlers on one line. */
    SHARED,
    /** IRQF_ONESHOT: keep the line masked until the threaded handler finishes. */
    ONESHOT,
    /** IRQF_PERCPU: a per-CPU interrupt (local timer). */
    PERCPU,
    /** IRQF_TIMER: the timer interrupt. */
    TIMER,
    /**
     * KernelLab: run the handler with local interrupts enabled, as 2.6-era handlers without
     * IRQF_DISABLED did, so that a higher-priority line may nest into it. Linux since 2.6.35
     * always runs handlers with interrupts off; this flag exists to demonstrate nesting.
     */
    NESTABLE
}
