package org.kernellab.api.dto;

/** One row of /proc/interrupts. */
public class IrqLineDTO {
    public int irq;
    public long[] perCpu;
    public String chip;
    public String trigger;
    /** Handler names, in registration order. */
    public String[] actions;
    public int disableDepth;
    /** Every unhandled interrupt since boot. */
    public long unhandled;
    /** desc->irq_count: interrupts in the current spurious-detection window (kernel/irq/spurious.c). */
    public long windowCount;
    /** desc->irqs_unhandled: unhandled interrupts in the current window. */
    public long windowUnhandled;
    /** desc->last_unhandled: jiffies at the last unhandled interrupt, 0 if none. */
    public long lastUnhandledJiffies;
}
