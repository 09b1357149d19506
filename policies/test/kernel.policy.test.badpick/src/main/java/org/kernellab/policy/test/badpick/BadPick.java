package org.kernellab.policy.test.badpick;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Broken on purpose: a global FIFO with a 1 ms slice that remembers the last task it saw go to
 * sleep ({@link #quiescent} with {@link Dequeue#SLEEP}) and, while that task is still asleep,
 * returns it from {@link #pick}: a task that is neither runnable nor queued with the policy.
 * The core must refuse the pick and eject the policy.
 */
final class BadPick implements Policy {
    private final PolicyHost host;
    private final DispatchQueue queue = DispatchQueue.fifo();
    /** A task that went to sleep and has not become runnable since, or null. */
    private SchedTask sleeping;

    BadPick(PolicyHost host) {
        this.host = host;
    }

    @Override public String name() { return "badpick"; }

    @Override
    public void runnable(SchedTask p, Enqueue why) {
        if (p == sleeping) sleeping = null;
    }

    @Override
    public void quiescent(SchedTask p, Dequeue why) {
        if (why == Dequeue.SLEEP) sleeping = p;
    }

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
        if (sleeping != null) return sleeping;
        return queue.take(cpu);
    }

    @Override
    public void running(int cpu, SchedTask p) {
        host.preemptAfter(cpu, 1_000_000L);
    }
}
