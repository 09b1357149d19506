package org.kernellab.policy.test.throwspick;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.DispatchQueue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.PolicyHost;
import org.kernellab.api.sched.SchedTask;

/**
 * Broken on purpose: a global FIFO with a 1 ms slice whose {@link #pick} throws an
 * IllegalStateException once it has picked {@link #GOOD_PICKS} tasks. The core must eject it
 * with "runtime error" and put every task back on the fair class.
 */
final class ThrowsPick implements Policy {
    static final int GOOD_PICKS = 5;

    private final PolicyHost host;
    private final DispatchQueue queue = DispatchQueue.fifo();
    private int picks;

    ThrowsPick(PolicyHost host) {
        this.host = host;
    }

    @Override public String name() { return "throwspick"; }

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
        if (picks++ >= GOOD_PICKS) throw new IllegalStateException("throwspick: pick number " + picks + " fails on purpose");
        return queue.take(cpu);
    }

    @Override
    public void running(int cpu, SchedTask p) {
        host.preemptAfter(cpu, 1_000_000L);
    }
}
