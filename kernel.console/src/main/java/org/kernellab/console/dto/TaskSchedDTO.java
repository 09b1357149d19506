package org.kernellab.console.dto;

/**
 * A task's scheduling attributes as the kernel reports them (Task.attr() and Task.affinity()),
 * for {@code sched:setattr}, {@code sched:nice} and {@code sched:affinity}.
 */
public class TaskSchedDTO {
    public int pid;
    public String comm;
    /** NORMAL, BATCH, IDLE, FIFO, RR or DEADLINE. */
    public String policy;
    public int nice;
    /** 1..99 for FIFO and RR, 0 otherwise. */
    public int rtPriority;
    /** SCHED_DEADLINE's runtime, ns (0 for other policies). */
    public long runtimeNs;
    /** SCHED_DEADLINE's relative deadline, or the edf/rm hint of another policy, ns (0: none). */
    public long deadlineNs;
    /** SCHED_DEADLINE's period, or the edf/rm hint of another policy, ns (0: none). */
    public long periodNs;
    /** The expected run length hint of sjf and stcf, ns (0: unknown). */
    public long expectedRunNs;
    /** Lottery and stride tickets. */
    public int tickets;
    /** The kernel's priority (task_struct.prio): -1 deadline, 0..98 rt, 100..139 normal. */
    public int prio;
    /** The CPUs the task may run on, bit n = CPU n. */
    public long affinity;
    /** The machine's number of CPUs, so the affinity can be shown as a list of CPUs that exist. */
    public int machineCpus;
}
