package org.kernellab.policy.sjf;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.SchedTask;

/**
 * Shortest job first, non-preemptive: OSTEP's {@code scheduler.py -p SJF}
 * (/work/shared/SCHED-MODELS.md, "OSTEP scheduler.py"). The next task is the waiting one with
 * the shortest expected run length ({@link SchedTask#expectedRunNs()}, the whole job, not what
 * is left); equal lengths go in arrival order, as OSTEP's stable sort does ({@code -l 8,3,3,9}
 * runs 1, 2, 0, 3). A task with no hint (0) counts as longer than every hinted one. Arrival is
 * the order the core enqueues tasks (tasks spawned together at time 0 in pid order); a task
 * that sleeps or yields arrives again when it is enqueued again.
 *
 * <p>Non-preemptive: the running task keeps the CPU until it exits or sleeps, even when a
 * shorter one arrives ({@link #tick} and {@link #wakeupPreempt} keep their defaults). A task
 * preempted by a higher class (rt, deadline) resumes before any other, so that it still runs to
 * completion.
 *
 * <p>One global queue for every CPU (any CPU takes the shortest task allowed on it), so that one
 * CPU reproduces OSTEP exactly, as sched_ext's global DSQ (SCX_DSQ_GLOBAL) does.
 */
final class Sjf implements Policy {
    /** Tasks a higher class preempted, in the order they were preempted: they resume first. */
    private final DispatchQueue resumed = DispatchQueue.fifo();
    /**
     * Every other waiting task, by {@link #length}; equal lengths in arrival order, OSTEP's stable
     * sort. A length is a hint, which changes only while the task is dequeued. Both touched only
     * inside ops.
     */
    private final DispatchQueue queue = DispatchQueue.ordered();

    Sjf() {}

    @Override public String name() { return "sjf"; }

    /** The sort key: the expected run length, no hint last. */
    static long length(SchedTask p) {
        long n = p.expectedRunNs();
        return n == 0 ? Long.MAX_VALUE : n;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (why == Enqueue.PREEMPTED) resumed.insertTail(p);
        else queue.insertOrdered(p, length(p));
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        if (!resumed.remove(p)) queue.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        SchedTask p = resumed.take(cpu);
        return p != null ? p : queue.take(cpu);
    }
}
