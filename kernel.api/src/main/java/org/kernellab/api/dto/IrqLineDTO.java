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
    public long unhandled;
}
