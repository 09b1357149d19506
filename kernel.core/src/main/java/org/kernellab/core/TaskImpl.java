package org.kernellab.core;

import org.kernellab.api.Task;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskState;
import org.kernellab.api.sched.SchedTask;

/**
 * A simulated task. Its body runs on its own virtual thread, only while it holds the baton.
 * All fields are guarded by the baton except {@link Baton#go}, which carries the handoff.
 */
final class TaskImpl extends Baton implements Task, SchedTask {
    /** sched_prio_to_weight, nice -20..19 (kernel/sched/core.c). */
    static final int[] PRIO_TO_WEIGHT = {
        88761, 71755, 56483, 46273, 36291,
        29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906,
        3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423,
        335, 272, 215, 172, 137,
        110, 87, 70, 56, 45,
        36, 29, 23, 18, 15,
    };

    final int pid;
    final String comm;
    final boolean kernelThread;
    final boolean idle;
    final int boundCpu;
    final TaskBody body;
    /** The bundle that created the task, for reports; null outside OSGi. */
    final String origin;

    // ---- scheduler state: guarded by the baton ----
    TaskState state = TaskState.RUNNING;
    int nice;
    int cpu;
    /** on_rq: queued in a scheduling class. */
    boolean queued;
    Object policyData;
    /** Spinlocks and rwlocks held: without a preempt count, this alone says the task is inside the kernel. */
    int locksHeld;
    /** The wait queue the task sleeps on, or null: lets a waker dequeue in O(1). */
    Object waiting;
    /** Bypass FIFO: when the current slice began. */
    long sliceStartNs;

    // ---- accounting ----
    long utimeNs;
    long stimeNs;
    long nvcsw;
    long nivcsw;

    TaskImpl(int pid, String comm, boolean kernelThread, boolean idle, int nice, int cpu, int boundCpu,
             TaskBody body, String origin) {
        this.pid = pid;
        this.comm = comm;
        this.kernelThread = kernelThread;
        this.idle = idle;
        this.nice = nice;
        this.cpu = cpu;
        this.boundCpu = boundCpu;
        this.body = body;
        this.origin = origin;
    }

    @Override public int pid() { return pid; }
    @Override public String comm() { return comm; }
    @Override public TaskState state() { return state; }
    @Override public int nice() { return nice; }
    @Override public int cpu() { return cpu; }
    @Override public boolean isIdle() { return idle; }
    @Override public boolean isKernelThread() { return kernelThread; }

    @Override public Task task() { return this; }
    @Override public int staticPrio() { return 120 + nice; }
    @Override public int weight() { return PRIO_TO_WEIGHT[nice + 20]; }
    @Override public int boundCpu() { return boundCpu; }
    @Override public long sumExecNs() { return utimeNs + stimeNs; }
    @Override public Object policyData() { return policyData; }
    @Override public void policyData(Object data) { this.policyData = data; }

    @Override public String toString() { return comm + "[" + pid + "]"; }
}
