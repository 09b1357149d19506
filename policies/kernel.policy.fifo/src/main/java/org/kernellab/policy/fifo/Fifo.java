package org.kernellab.policy.fifo;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.SchedTask;

/**
 * First in, first out, run to completion: OSTEP's {@code scheduler.py -p FIFO}
 * (/work/shared/SCHED-MODELS.md, "OSTEP scheduler.py"). Jobs run in arrival order, where
 * arrival is the order the core enqueues them (tasks spawned together at time 0 in pid order,
 * as OSTEP's ids 0..n-1). A task that sleeps arrives again when it wakes, at the tail.
 *
 * <p>Non-preemptive: no quantum, {@link #tick} and {@link #wakeupPreempt} keep their defaults
 * (never). A task preempted by a higher class (rt, deadline) goes back to the head, so that it
 * still runs to completion before the next job, as a preempted SCHED_FIFO task keeps its place
 * at the head of its list (kernel/sched/rt.c: a running rt task stays queued; only
 * yield_task_rt and an RR slice end requeue it). A task that yields goes to the tail, as
 * sched_yield() does for SCHED_FIFO.
 *
 * <p>One global queue for every CPU (any CPU takes the first task allowed on it), so that one
 * CPU reproduces OSTEP exactly, as sched_ext's global DSQ (SCX_DSQ_GLOBAL) does.
 */
final class Fifo implements Policy {
    /** The run queue, head first. Touched only inside ops (one op at a time per machine). */
    private final DispatchQueue queue = DispatchQueue.fifo();

    Fifo() {}

    @Override public String name() { return "fifo"; }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        if (why == Enqueue.PREEMPTED) queue.insertHead(p);
        else queue.insertTail(p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        queue.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        return queue.take(cpu);
    }
}
