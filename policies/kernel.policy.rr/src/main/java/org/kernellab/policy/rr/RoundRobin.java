package org.kernellab.policy.rr;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Round robin with a fixed quantum q: OSTEP's {@code scheduler.py -p RR -q q}
 * (/work/shared/SCHED-MODELS.md, "OSTEP scheduler.py"). The queue starts in arrival order
 * (tasks spawned together at time 0 in pid order, as OSTEP's ids 0..n-1). The head runs
 * min(q, what it has left): with more than q left it is preempted after exactly q and goes to
 * the tail; a task that finishes or sleeps inside its slice lets the next start at once, with
 * no wasted quantum. The quantum is an exact hrtick ({@link PolicyHost#preemptAfter}), armed
 * afresh each time a task starts running, so it does not depend on HZ. A task with exactly q
 * left finishes in its slice, as OSTEP's does, because the core fires scheduler timers after
 * the CPU's own step at the same instant (kernel.core Engine.atLate).
 *
 * <p>Every task that becomes runnable goes to the tail: a new one, a waking one (OSTEP has no
 * I/O; this is what Linux's SCHED_RR does in kernel/sched/rt.c), a preempted one (its quantum
 * ended, or a higher class took the CPU) and a yielding one.
 *
 * <p>One global queue for every CPU (any CPU takes the first task allowed on it), so that one
 * CPU reproduces OSTEP exactly, as sched_ext's global DSQ (SCX_DSQ_GLOBAL) does.
 */
final class RoundRobin implements Policy {
    private final PolicyHost host;
    private final long quantumNs;
    /** The run queue, head first. Touched only inside ops (one op at a time per machine). */
    private final DispatchQueue queue = DispatchQueue.fifo();

    RoundRobin(PolicyHost host, long quantumNs) {
        this.host = host;
        this.quantumNs = quantumNs;
    }

    @Override public String name() { return "rr"; }

    long quantumNs() { return quantumNs; }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        queue.insertTail(p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        queue.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        return queue.take(cpu);
    }

    /** A fresh quantum each time the task starts (sched_ext's slice, refilled at dispatch). */
    @Override
    public void running(int cpu, SchedTask p) {
        host.preemptAfter(cpu, quantumNs);
    }
}
