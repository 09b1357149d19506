package org.kernellab.api;

/** Arguments for creating a task. A small value object, so the API can grow without new overloads. */
public final class TaskSpec {
    /** Every CPU KernelLab can simulate (64). */
    public static final long ALL_CPUS = -1L;

    public final String comm;
    public final boolean kernelThread;
    /** The scheduling attributes the task starts with. */
    public final SchedAttr attr;
    /** The CPUs the task may run on, bit n = CPU n (cpus_allowed); {@link #ALL_CPUS} for any. */
    public final long affinity;
    /** The nice value, the same as {@code attr.nice}. */
    public final int nice;
    /** The CPU the task is bound to when exactly one is allowed, or -1. */
    public final int cpu;
    /** Told when the task blocks in schedule() and runs again (PF_WQ_WORKER); null for none. */
    public final TaskSleepHook sleepHook;

    private TaskSpec(String comm, boolean kernelThread, SchedAttr attr, long affinity) {
        this(comm, kernelThread, attr, affinity, null);
    }

    private TaskSpec(String comm, boolean kernelThread, SchedAttr attr, long affinity, TaskSleepHook sleepHook) {
        if (comm == null || comm.isEmpty()) throw new IllegalArgumentException("comm must not be empty");
        // TASK_COMM_LEN is 16 including the NUL (include/linux/sched.h).
        if (comm.length() > 15) comm = comm.substring(0, 15);
        if (attr == null) throw new IllegalArgumentException("attr must not be null");
        if (affinity == 0) throw new IllegalArgumentException("affinity must allow at least one CPU");
        this.comm = comm;
        this.kernelThread = kernelThread;
        this.attr = attr;
        this.affinity = affinity;
        this.nice = attr.nice;
        this.cpu = Long.bitCount(affinity) == 1 ? Long.numberOfTrailingZeros(affinity) : -1;
        this.sleepHook = sleepHook;
    }

    public static TaskSpec process(String comm) { return new TaskSpec(comm, false, SchedAttr.normal(), ALL_CPUS); }
    public static TaskSpec kthread(String comm) { return new TaskSpec(comm, true, SchedAttr.normal(), ALL_CPUS); }
    public TaskSpec nice(int n) { return new TaskSpec(comm, kernelThread, attr.withNice(n), affinity, sleepHook); }
    public TaskSpec attr(SchedAttr a) { return new TaskSpec(comm, kernelThread, a, affinity, sleepHook); }

    /** Sets the hook told of the task's sleeps (see {@link TaskSleepHook}); kernel threads only. */
    public TaskSpec sleepHook(TaskSleepHook hook) {
        if (hook != null && !kernelThread) throw new IllegalArgumentException("sleepHook of " + comm + ": only a kernel thread (TaskSpec.kthread) may have one, as only workers have PF_WQ_WORKER");
        return new TaskSpec(comm, kernelThread, attr, affinity, hook);
    }

    /** Binds the task to one CPU (kthread_bind). */
    public TaskSpec onCpu(int c) {
        if (c < 0 || c > 63) throw new IllegalArgumentException("cpu " + c + " is out of range 0..63");
        return new TaskSpec(comm, kernelThread, attr, 1L << c, sleepHook);
    }

    /** The CPUs the task may run on, bit n = CPU n (sched_setaffinity). */
    public TaskSpec affinity(long mask) { return new TaskSpec(comm, kernelThread, attr, mask, sleepHook); }
}
