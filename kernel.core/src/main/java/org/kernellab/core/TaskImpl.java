package org.kernellab.core;

import org.kernellab.api.SchedAttr;
import org.kernellab.api.TaskBody;
import org.kernellab.api.TaskState;
import org.kernellab.api.sched.core.KTask;

/**
 * A simulated task: the machine's task_struct. Its body runs on its own virtual thread, only
 * while it holds the baton. All fields are guarded by the baton except {@link Baton#go}, which
 * carries the handoff. The scheduler keeps its per-task state in {@link #se}.
 */
final class TaskImpl extends Baton implements KTask {
    final int pid;
    final String comm;
    final boolean kernelThread;
    final boolean idle;
    final TaskBody body;
    /** The bundle that created the task, for reports; null outside OSGi. */
    final String origin;
    final long startNs;

    // ---- scheduler state: guarded by the baton; attr, affinity and se written by the scheduler ----
    TaskState state = TaskState.RUNNING;
    SchedAttr attr;
    long affinity;
    int cpu;
    /** The scheduler's entity (task_struct.se). */
    Object se;
    /** True while rq->curr == this on its CPU. */
    boolean onCpu;
    /** SIGKILL is pending (fatal_signal_pending): the task dies at its next safe point (Engine.compute). */
    boolean fatalSignal;
    /** Spinlocks and rwlocks held: without a preempt count, this alone says the task is inside the kernel. */
    int locksHeld;
    /** The wait queue the task sleeps on, or null. */
    Object waiting;
    /** Its neighbours on that queue, which is linked through its tasks (SyncImpl.Waiters). */
    TaskImpl waitPrev, waitNext;

    /** The workload script this task runs, or null for a task with a Java body. */
    ScriptTask script;
    /** Set when the task has no thread: the dispatch loop steps it inline. */
    Stepper stepper;
    /** PF_WQ_WORKER: told when the task blocks in schedule() and runs again; null for almost every task. */
    org.kernellab.api.TaskSleepHook sleepHook;

    // ---- accounting ----
    long utimeNs;
    long stimeNs;
    long nvcsw;
    long nivcsw;
    long migrations;

    // ---- schedstats (kernel/sched/stats.h sched_info_enqueue/arrive): -1 when not waiting ----
    /** When the task last became runnable without running (woken, created or preempted); -1 while running or asleep. */
    long runnableSince = -1;
    /**
     * A boot kernel thread that has not run yet: asleep (S) and unknown to the scheduler until its
     * first wakeup, which is its wake_up_new_task ({@link Switcher#wakeUp}); its body then starts.
     */
    boolean bootAsleep;
    /** When it was last woken from a sleep, until it runs: -1 when no wakeup is pending. */
    long wokenAt = -1;
    /** sched_info.run_delay: time runnable on a runqueue, not running. */
    long runDelayNs;
    /** sched_info.pcount: times switched in; sched_info.last_arrival: when it last was. */
    long pcount;
    long lastArrivalNs;
    /** se.exec_start: when its CPU time was last accounted (switched in or out, or a tick while it ran). */
    long execStartNs;
    /** When it first ran, -1 before. */
    long firstRunNs = -1;
    /** When it exited, -1 before. */
    long exitNs = -1;
    /** Wakeup-to-run latencies, in wakeup order; null unless the machine records them. */
    LongList wakeupLatencies;

    TaskImpl(int pid, String comm, boolean kernelThread, boolean idle, SchedAttr attr, int cpu, long affinity,
             TaskBody body, String origin, long startNs) {
        this.pid = pid;
        this.comm = comm;
        this.kernelThread = kernelThread;
        this.idle = idle;
        this.attr = attr;
        this.cpu = cpu;
        this.affinity = affinity;
        this.body = body;
        this.origin = origin;
        this.startNs = startNs;
    }

    @Override public int pid() { return pid; }
    @Override public String comm() { return comm; }
    @Override public TaskState state() { return state; }
    @Override public int nice() { return attr.nice; }
    @Override public int cpu() { return cpu; }
    @Override public boolean isIdle() { return idle; }
    @Override public boolean isKernelThread() { return kernelThread; }
    @Override public SchedAttr attr() { return attr; }
    @Override public long affinity() { return affinity; }

    @Override public Object se() { return se; }
    @Override public void se(Object entity) { this.se = entity; }
    @Override public void attr(SchedAttr a) { this.attr = a; }
    @Override public void affinity(long mask) { this.affinity = mask; }
    @Override public void setCpu(int c) { this.cpu = c; }
    @Override public long sumExecNs() { return utimeNs + stimeNs; }
    @Override public long startNs() { return startNs; }
    @Override public boolean onCpu() { return onCpu; }

    /** task_struct.prio, as the trace prints it: 120 + nice, 99 - rt_priority, or -1 for deadline; 120 for idle. */
    int prio() { return idle ? 120 : attr.prio(); }

    @Override public String toString() { return comm + "[" + pid + "]"; }
}
