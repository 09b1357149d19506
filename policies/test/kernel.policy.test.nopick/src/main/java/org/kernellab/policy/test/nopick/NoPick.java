package org.kernellab.policy.test.nopick;

import java.util.LinkedHashSet;
import java.util.Set;

import org.kernellab.api.sched.Dequeue;
import org.kernellab.api.sched.Enqueue;
import org.kernellab.api.sched.Policy;
import org.kernellab.api.sched.SchedTask;

/**
 * Broken on purpose: it keeps every task it is given and {@link #pick} always returns null
 * (allowed by the contract, a non-work-conserving policy), so every queued task waits for ever.
 * The watchdog must eject it with "runnable task stall" once a task has waited its timeout.
 */
final class NoPick implements Policy {
    private final Set<SchedTask> held = new LinkedHashSet<>();

    @Override public String name() { return "nopick"; }

    @Override
    public void enqueue(int cpu, SchedTask p, Enqueue why) {
        held.add(p);
    }

    @Override
    public void dequeue(int cpu, SchedTask p, Dequeue why) {
        held.remove(p);
    }

    @Override
    public SchedTask pick(int cpu) {
        return null;
    }
}
