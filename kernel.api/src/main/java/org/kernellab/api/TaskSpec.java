package org.kernellab.api;

/** Arguments for creating a task. A small value object, so the API can grow without new overloads. */
public final class TaskSpec {
    public final String comm;
    public final int nice;
    public final boolean kernelThread;
    /** CPU the task is bound to, or -1 for any. */
    public final int cpu;

    private TaskSpec(String comm, int nice, boolean kernelThread, int cpu) {
        if (comm == null || comm.isEmpty()) throw new IllegalArgumentException("comm must not be empty");
        // TASK_COMM_LEN is 16 including the NUL (include/linux/sched.h).
        if (comm.length() > 15) comm = comm.substring(0, 15);
        if (nice < -20 || nice > 19) throw new IllegalArgumentException("nice " + nice + " is out of range -20..19");
        this.comm = comm;
        this.nice = nice;
        this.kernelThread = kernelThread;
        this.cpu = cpu;
    }

    public static TaskSpec process(String comm) { return new TaskSpec(comm, 0, false, -1); }
    public static TaskSpec kthread(String comm) { return new TaskSpec(comm, 0, true, -1); }
    public TaskSpec nice(int n) { return new TaskSpec(comm, n, kernelThread, cpu); }
    public TaskSpec onCpu(int c) { return new TaskSpec(comm, nice, kernelThread, c); }
}
