package org.kernellab.policy.sjf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;

import org.kernellab.api.sched.Dequeue;
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
    private final ArrayDeque<SchedTask> resumed = new ArrayDeque<>();
    /** Every other waiting task, in arrival order. Both touched only inside ops. */
    private final ArrayList<SchedTask> queue = new ArrayList<>();

    Sjf() {}

    @Override public String name() { return "sjf"; }

    /** The sort key: the expected run length, no hint last. */
    static long length(SchedTask p) {
        long n = p.expectedRunNs();
        return n == 0 ? Long.MAX_VALUE : n;
    }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (why == Enqueue.PREEMPTED) resumed.addLast(p);
        else queue.add(p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        if (!resumed.remove(p)) queue.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        for (Iterator<SchedTask> it = resumed.iterator(); it.hasNext(); ) {
            SchedTask p = it.next();
            if (p.allowed(cpu)) {
                it.remove();
                return p;
            }
        }
        int best = -1;
        for (int i = 0; i < queue.size(); i++) {
            SchedTask p = queue.get(i);
            // strictly shorter: on a tie the earlier arrival (the lower index) stays chosen
            if (p.allowed(cpu) && (best < 0 || length(p) < length(queue.get(best)))) best = i;
        }
        return best < 0 ? null : queue.remove(best);
    }
}
