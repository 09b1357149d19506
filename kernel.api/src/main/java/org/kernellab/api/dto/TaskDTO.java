package org.kernellab.api.dto;

/** One row of {@code kernel:ps}. */
public class TaskDTO {
    public int pid;
    public String comm;
    /** Linux's state letter: R, S, D or X. */
    public String state;
    public int cpu;
    public int nice;
    /** CPU time in user mode (process bodies), ns. */
    public long utimeNs;
    /** CPU time in kernel mode (kernel threads, interrupts charged to the task), ns. */
    public long stimeNs;
    /** nvcsw: voluntary context switches. */
    public long voluntarySwitches;
    /** nivcsw: involuntary context switches. */
    public long involuntarySwitches;
    public boolean kernelThread;
    public boolean running;
    /** The scheduling policy: NORMAL, BATCH, IDLE, FIFO, RR or DEADLINE. */
    public String policy;
    /** The kernel's priority (task_struct.prio): -1 deadline, 0..98 rt, 100..139 normal. */
    public int prio;
    /** The class that holds the task: stop, dl, rt, fair, idle, or the swappable policy's name. */
    public String schedClass;
    /** se.nr_migrations. */
    public long migrations;
    /** rt_priority: 1..99 for SCHED_FIFO and SCHED_RR, else 0. */
    public int rtPriority;
    /** When the task was created, ns of virtual time (start_boottime). */
    public long startNs;
    /** se.exec_start: when its CPU time was last accounted (switched in or out, or a tick while it ran), ns. */
    public long execStartNs;
    /** sched_info.run_delay: time spent runnable on a runqueue, not running, ns. */
    public long runDelayNs;
    /** sched_info.pcount: how many times it was switched in (timeslices). */
    public long pcount;
}
