package org.kernellab.api.dto;

/** One trace record. Field use depends on {@link #type}; unused fields are 0 or null. */
public class TraceEventDTO {
    public long timeNs;
    public int cpu;
    /** The trace event name, as in ftrace: sched_switch, sched_wakeup, irq_handler_entry, ... */
    public String type;
    /** The task running on the CPU at the time (pid, comm). */
    public int pid;
    public String comm;
    /** Event-specific: next pid for sched_switch, woken pid for sched_wakeup, irq for irq events. */
    public int arg;
    /** Event-specific text: next comm, handler name, violation summary. */
    public String detail;
}
